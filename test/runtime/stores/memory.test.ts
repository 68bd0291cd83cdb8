/** The in-memory session store passes the shared contract. */
import { createMemoryStore } from "../../../runtime/stores/index.ts";
import { sessionStoreContract } from "./contract.ts";

sessionStoreContract("memory", async () => createMemoryStore());
