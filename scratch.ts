import { z } from "zod";
console.log(z.object({ toString: z.string().optional() }).safeParse({}).success, z.object({ toString: z.string().optional() }).safeParse(JSON.parse("{}")).success);
