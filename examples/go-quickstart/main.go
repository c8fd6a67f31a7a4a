// The `pulumi up` entry point of the Go quickstart; ./deploy runs the same program through the
// Automation API.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pulumi-mail-domains/pulumi-mail-domains/examples/go-quickstart/quickstart"
)

func main() {
	pulumi.Run(quickstart.Program)
}
