// The quickstart through the Automation API, with no Node.js language host needed:
//
//     node bin/deploy.js up|preview|destroy [STACK]
//
// The stack (default `dev`) and its config live in the working directory beside Pulumi.yaml, as
// with the CLI (run it from this directory, `node bin/deploy.js up`); the backend
// and passphrase come from the environment (PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE).
// `preview` fails unless it finds no changes. Prints the operation's result as one JSON line.
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { quickstart } from "./quickstart";

async function main(operation: string, stackName: string): Promise<object> {
    const stack = await LocalWorkspace.selectStack(
        { stackName, projectName: "mail-domains-typescript-quickstart", program: async () => quickstart() },
        { workDir: process.cwd() },
    );
    const log = { onOutput: (line: string) => process.stderr.write(line) };
    switch (operation) {
        case "up": {
            const result = await stack.up(log);
            return { summary: result.summary.resourceChanges, outputs: result.outputs };
        }
        case "preview": {
            const result = await stack.preview({ ...log, expectNoChanges: true });
            return { changes: result.changeSummary };
        }
        case "destroy": {
            const result = await stack.destroy(log);
            return { summary: result.summary.resourceChanges };
        }
        default:
            throw new Error(`unknown operation ${operation}: use up, preview or destroy`);
    }
}

main(process.argv[2] ?? "", process.argv[3] ?? "dev").then(
    (result) => console.log(JSON.stringify(result)),
    (error: unknown) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
    },
);
