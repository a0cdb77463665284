import { processIo } from "@/lib/cli/io";
import { runSeedCli } from "@/lib/embedded-api/cli/seed-cli";
import { embeddedDatabasePath, openDatabase } from "@/lib/embedded-api/database";

const db = openDatabase(embeddedDatabasePath());
process.exitCode = runSeedCli(process.argv.slice(2), db, processIo);
db.close();
