import { processIo } from "@/lib/cli/io";
import { runKeysCli } from "@/lib/embedded-api/cli/keys-cli";
import { embeddedDatabasePath, openDatabase } from "@/lib/embedded-api/database";

const db = openDatabase(embeddedDatabasePath());
process.exitCode = runKeysCli(process.argv.slice(2), db, processIo);
db.close();
