// `pulumi up` entry point: the stack outputs are the quickstart's.
import { quickstart } from "./quickstart";

export = quickstart();
