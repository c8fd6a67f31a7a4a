// Command deploy runs the Go quickstart through the Automation API, with no Go language host
// needed:
//
//	go run ./deploy up|preview|destroy [STACK]
//
// The stack (default `dev`) and its config live in the working directory beside Pulumi.yaml, as
// with the CLI; the backend and passphrase come from the environment (PULUMI_BACKEND_URL,
// PULUMI_CONFIG_PASSPHRASE). `preview` fails unless it finds no changes. Prints the
// operation's result as one JSON line.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"

	"github.com/pulumi-mail-domains/pulumi-mail-domains/examples/go-quickstart/quickstart"
)

const project = "mail-domains-go-quickstart"

func run(ctx context.Context, operation, stackName string) (any, error) {
	workDir, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	stack, err := auto.SelectStackInlineSource(ctx, stackName, project, quickstart.Program,
		auto.WorkDir(workDir))
	if err != nil {
		return nil, err
	}
	switch operation {
	case "up":
		result, err := stack.Up(ctx, optup.ProgressStreams(os.Stderr))
		if err != nil {
			return nil, err
		}
		outputs := map[string]any{}
		for key, output := range result.Outputs {
			outputs[key] = output.Value
		}
		return map[string]any{"summary": result.Summary.ResourceChanges, "outputs": outputs}, nil
	case "preview":
		result, err := stack.Preview(ctx, optpreview.ProgressStreams(os.Stderr), optpreview.ExpectNoChanges())
		if err != nil {
			return nil, err
		}
		return map[string]any{"changes": result.ChangeSummary}, nil
	case "destroy":
		result, err := stack.Destroy(ctx, optdestroy.ProgressStreams(os.Stderr))
		if err != nil {
			return nil, err
		}
		return map[string]any{"summary": result.Summary.ResourceChanges}, nil
	}
	return nil, fmt.Errorf("unknown operation %q: use up, preview or destroy", operation)
}

func main() {
	operation, stackName := "", "dev"
	if len(os.Args) > 1 {
		operation = os.Args[1]
	}
	if len(os.Args) > 2 {
		stackName = os.Args[2]
	}
	result, err := run(context.Background(), operation, stackName)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := json.NewEncoder(os.Stdout).Encode(result); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
