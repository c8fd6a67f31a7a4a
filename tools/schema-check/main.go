// Command schema-check binds a Pulumi Package Schema with Pulumi's own codegen (the
// github.com/pulumi/pulumi/pkg/v3 version pinned by ../pulumi-cli/go.mod) and reports every
// diagnostic: unresolved type references, invalid tokens, bad property types...
//
//	go run -modfile=../pulumi-cli/go.mod . ../../schema.json
//
// It exits 1 when binding reports an error. The schema may only reference its own types and
// pulumi.json's built-ins: loading other packages is refused.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// noPackages is a schema loader that knows no other package.
type noPackages struct{}

var errNoPackages = errors.New("schema-check: references to other packages are not supported")

func (noPackages) LoadPackage(string, *semver.Version) (*schema.Package, error) {
	return nil, errNoPackages
}

func (noPackages) LoadPackageV2(context.Context, *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, errNoPackages
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: schema-check SCHEMA.json")
		os.Exit(2)
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		fmt.Fprintln(os.Stderr, "not a package schema:", err)
		os.Exit(1)
	}
	pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
	for _, d := range diags {
		fmt.Printf("%v: %s: %s\n", d.Severity, d.Summary, d.Detail)
	}
	if err != nil || diags.HasErrors() {
		fmt.Println("schema-check: binding failed:", err)
		os.Exit(1)
	}
	fmt.Printf("schema-check: %s %s binds: %d resources, %d types\n",
		pkg.Name, pkg.Version, len(pkg.Resources), len(pkg.Types))
}
