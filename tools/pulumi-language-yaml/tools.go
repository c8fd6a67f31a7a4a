//go:build tools

// Package tools records the language host as a dependency of this wrapper module.
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
