// Reads WARC files with the npm package warcio (an implementation
// independent of newswire's) and checks every record's digests; a revisit
// of profile identical-payload-digest has its payload digest compared with
// that of the response it refers to (read before it, by target URI).
// Prints one JSON object: {"records": N, "types": {...}, "uris": [...],
// "bad": ["why", ...], "checked": payload digests compared,
// "revisits_checked": identical-payload revisits matched to a response}.
import { createReadStream } from "node:fs";
import { createHash } from "node:crypto";
import { WARCParser } from "warcio";

const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
function sha1b32(bytes) {
  const d = createHash("sha1").update(bytes).digest();
  let out = "", acc = 0, bits = 0;
  for (const b of d) {
    acc = (acc << 8) | b; bits += 8;
    while (bits >= 5) { out += B32[(acc >>> (bits - 5)) & 31]; bits -= 5; }
    acc &= (1 << bits) - 1;
  }
  return "sha1:" + out;
}

const result = { records: 0, types: {}, uris: [], bad: [], checked: 0, revisits_checked: 0 };
const IDENTICAL = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest";
const responses = new Map(); // target URI -> payload digest of its last response
for (const file of process.argv.slice(2)) {
  const parser = new WARCParser(createReadStream(file));
  for await (const record of parser) {
    result.records++;
    result.types[record.warcType] = (result.types[record.warcType] || 0) + 1;
    if (record.warcTargetURI) result.uris.push(record.warcType + " " + record.warcTargetURI);
    const payload = await record.readFully(false);
    if (!record.warcHeader("WARC-Record-ID") || !record.warcHeader("WARC-Date"))
      result.bad.push(`${file}: a record without its id or date`);
    const want = record.warcHeader("WARC-Payload-Digest");
    if (record.warcType === "revisit" && record.warcHeader("WARC-Profile") === IDENTICAL) {
      const uri = record.warcHeader("WARC-Refers-To-Target-URI") || record.warcTargetURI;
      if (payload.length !== 0)
        result.bad.push(`${file}: revisit ${uri}: a payload of ${payload.length} bytes`);
      if (!want || responses.get(uri) !== want)
        result.bad.push(`${file}: revisit ${uri}: payload digest ${want} is not its response's ${responses.get(uri)}`);
      else
        result.revisits_checked++;
      continue;
    }
    if (record.warcType === "response" && want) responses.set(record.warcTargetURI, want);
    if (want) result.checked++;
    if (want && sha1b32(payload) !== want)
      result.bad.push(`${file}: ${record.warcType} ${record.warcTargetURI}: payload digest ${want} != ${sha1b32(payload)}`);
    const block = record.warcHeader("WARC-Block-Digest");
    if (block && !record.httpHeaders && sha1b32(payload) !== block)
      result.bad.push(`${file}: ${record.warcType}: block digest ${block} != ${sha1b32(payload)}`);
  }
}
console.log(JSON.stringify(result));
