// The yardstick: what a short transformers.js script does with the same model and texts.
// Usage: node embed.mjs MODEL_DIR TEXTS_JSONL DTYPE BATCH
//   MODEL_DIR   a directory holding minilm/ (config.json, tokenizer files, onnx/model*.onnx),
//               written by `./tidewatch bench pipeline --against transformers.js`
//   TEXTS_JSONL one JSON string per line, embedded whole
//   DTYPE       fp32 or q8 (the int8 model)
//   BATCH       texts per call, in the order given
// Prints "seconds=S texts=N": the time of the embedding calls alone, after one warm-up call;
// loading the model is not counted.
import { readFileSync } from 'node:fs';
import { pipeline, env } from '@huggingface/transformers';

const [modelDir, textsFile, dtype, batchText] = process.argv.slice(2);
env.allowRemoteModels = false;
env.localModelPath = modelDir;
const texts = readFileSync(textsFile, 'utf8').split('\n').filter((line) => line.length > 0).map((line) => JSON.parse(line));
const batch = Number.parseInt(batchText, 10);
const extractor = await pipeline('feature-extraction', 'minilm', { dtype });
await extractor(texts.slice(0, batch), { pooling: 'mean', normalize: true });
const start = process.hrtime.bigint();
for (let from = 0; from < texts.length; from += batch) {
  await extractor(texts.slice(from, from + batch), { pooling: 'mean', normalize: true });
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(`seconds=${seconds} texts=${texts.length}`);
