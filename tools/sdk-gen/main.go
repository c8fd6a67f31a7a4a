// Command sdk-gen writes the Node.js, Go and Python SDKs of a Pulumi Package Schema with
// Pulumi's own code generators (github.com/pulumi/pulumi/pkg/v3, the version pinned by
// ../pulumi-cli/go.mod):
//
//	go run -modfile=../pulumi-cli/go.mod . ../../schema.json OUT
//
// It writes OUT/nodejs, OUT/go and OUT/python, each emptied first. The Go SDK gets a go.mod
// (module OUT/go, requiring the Pulumi Go SDK of the same version as the generators); go.sum
// is left to `go mod tidy`. The schema may only reference its own types and pulumi.json's.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "pulumi-mail-domains sdk-gen"

// noPackages is a schema loader that knows no other package.
type noPackages struct{}

var errNoPackages = errors.New("sdk-gen: references to other packages are not supported")

func (noPackages) LoadPackage(string, *semver.Version) (*schema.Package, error) {
	return nil, errNoPackages
}

func (noPackages) LoadPackageV2(context.Context, *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, errNoPackages
}

func (noPackages) LoadPackageReference(string, *semver.Version) (schema.PackageReference, error) {
	return nil, errNoPackages
}

func (noPackages) LoadPackageReferenceV2(
	context.Context, *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, errNoPackages
}

// generator writes one language's files (paths relative to its output directory).
type generator func(pkg *schema.Package) (map[string][]byte, error)

var generators = map[string]generator{
	"nodejs": func(pkg *schema.Package) (map[string][]byte, error) {
		return nodejs.GeneratePackage(tool, pkg, nil, nil, false, noPackages{})
	},
	"python": func(pkg *schema.Package) (map[string][]byte, error) {
		return python.GeneratePackage(tool, pkg, nil, noPackages{})
	},
	"go": generateGo,
}

func generateGo(pkg *schema.Package) (map[string][]byte, error) {
	files, err := gogen.GeneratePackage(tool, pkg, nil)
	if err != nil {
		return nil, err
	}
	info, _ := pkg.Language["go"].(gogen.GoPackageInfo)
	if info.ImportBasePath == "" {
		return nil, errors.New("sdk-gen: the schema must set language.go.importBasePath")
	}
	sdk, err := pulumiSDKVersion()
	if err != nil {
		return nil, err
	}
	// The generator writes the root package in the import path's last directory; the module
	// is the directory above it, so the import paths the code uses resolve inside the module.
	files["go.mod"] = fmt.Appendf(nil, "module %s\n\ngo 1.25\n\nrequire github.com/pulumi/pulumi/sdk/v3 %s\n",
		path.Dir(info.ImportBasePath), sdk)
	return files, nil
}

// pulumiSDKVersion is the github.com/pulumi/pulumi/sdk/v3 version this binary was built with.
func pulumiSDKVersion() (string, error) {
	build, ok := debug.ReadBuildInfo()
	if ok {
		for _, dep := range build.Deps {
			if dep.Path == "github.com/pulumi/pulumi/sdk/v3" {
				return dep.Version, nil
			}
		}
	}
	return "", errors.New("sdk-gen: cannot tell which github.com/pulumi/pulumi/sdk/v3 it was built with")
}

func bind(spec schema.PackageSpec) (*schema.Package, error) {
	pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
	if err == nil && diags.HasErrors() {
		err = diags
	}
	return pkg, err
}

func write(dir string, files map[string][]byte) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	for name, data := range files {
		target := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func run(schemaPath, out string) error {
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		return fmt.Errorf("not a package schema: %w", err)
	}
	for _, language := range []string{"nodejs", "go", "python"} {
		// Each generator records its language's details in the package: bind afresh.
		pkg, err := bind(spec)
		if err != nil {
			return fmt.Errorf("binding %s: %w", schemaPath, err)
		}
		files, err := generators[language](pkg)
		if err != nil {
			return fmt.Errorf("%s SDK: %w", language, err)
		}
		if err := write(filepath.Join(out, language), files); err != nil {
			return err
		}
		fmt.Printf("sdk-gen: %s SDK: %d files in %s\n", language, len(files), filepath.Join(out, language))
	}
	return nil
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: sdk-gen SCHEMA.json OUT")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
