// Clients nobody at tidewatch wrote, against a running tidewatch: KafkaJS and
// @kafkajs/confluent-schema-registry register a newer ConversationTurn schema over HTTP, produce
// turns in the Confluent wire format, then decode the app's DriftAlert records until one is OPEN.
//
// Usage: node interop.mjs CONFIG.json  (written by io.tidewatch.registry.NodeInterop)
// Prints one JSON object per line: {"registered": id}, {"produced": n}, {"schemaId": id, "alert": {...}}.
import { readFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const say = (event) => console.log(JSON.stringify(event));
const registry = new SchemaRegistry({ host: config.registryUrl });
const kafka = new Kafka({ clientId: 'tidewatch-interop', brokers: [config.bootstrapServers], logLevel: logLevel.WARN });
const BATCH = 200;

async function produceTurns() {
  const schema = readFileSync(config.schemaFile, 'utf8');
  const { id } = await registry.register({ type: SchemaType.AVRO, schema }, { subject: `${config.turnsTopic}-value` });
  say({ registered: id });
  const turns = readFileSync(config.turnsFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
  const producer = kafka.producer();
  await producer.connect();
  for (let i = 0; i < turns.length; i += BATCH) {
    const messages = await Promise.all(turns.slice(i, i + BATCH).map(async (turn) => ({
      key: turn.conversation_id,
      value: await registry.encode(id, turn),
      timestamp: String(turn.timestamp),
    })));
    await producer.send({ topic: config.turnsTopic, messages });
  }
  await producer.disconnect();
  say({ produced: turns.length });
}

async function awaitOpenAlert() {
  const consumer = kafka.consumer({ groupId: `tidewatch-interop-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: config.alertsTopic, fromBeginning: true });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no OPEN alert on ${config.alertsTopic} within ${config.timeoutMs} ms`)), config.timeoutMs);
    consumer.run({
      eachMessage: async ({ message }) => {
        const alert = await registry.decode(message.value);
        say({ schemaId: message.value.readInt32BE(1), alert });
        if (alert.state === 'OPEN') {
          clearTimeout(timer);
          resolve();
        }
      },
    }).catch(reject);
  });
  await consumer.disconnect();
}

try {
  await produceTurns();
  await awaitOpenAlert();
  process.exit(0);
} catch (error) {
  console.error(error);
  process.exit(1);
}
