import { processIo } from "@/lib/cli/io";
import { runDirectoryCli } from "@/lib/directory/cli";

runDirectoryCli(process.argv.slice(2), { io: processIo }).then((code) => {
  process.exitCode = code;
});
