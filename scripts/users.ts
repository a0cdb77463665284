import { createInterface } from "node:readline";
import { runUsersCli } from "@/lib/auth/cli/users-cli";
import { processIo } from "@/lib/cli/io";

/** Reads a password without echoing it on a terminal; reads a line from a pipe as it is. */
function promptPassword(): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY });
    const write = (rl as unknown as { _writeToOutput?: (text: string) => void })._writeToOutput;
    rl.question("Password: ", (answer) => {
      rl.close();
      if (process.stdin.isTTY) process.stderr.write("\n");
      resolve(answer);
    });
    // Echo nothing after the prompt on a terminal.
    if (process.stdin.isTTY && write) {
      (rl as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = () => {};
    }
  });
}

runUsersCli(process.argv.slice(2), { io: processIo, promptPassword }).then((code) => {
  process.exitCode = code;
});
