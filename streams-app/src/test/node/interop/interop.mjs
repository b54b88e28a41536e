// Clients nobody at tidewatch wrote, against a running tidewatch. KafkaJS carries the records; the
// registry side is one of two clients, chosen by the config's "client":
//   "kafkajs":   @kafkajs/confluent-schema-registry registers a newer ConversationTurn schema over
//                HTTP and writes turns with the schema id before the value;
//   "confluent": Confluent's own @confluentinc/schemaregistry writes every other turn with the
//                schema's GUID in the __value_schema_id header (HeaderSchemaIdSerializer) and the
//                rest with the id before the value (its default), so the topic holds both forms;
//                it reads the alerts with its default deserializer (DualSchemaIdDeserializer).
// Either then decodes the app's DriftAlert records until one is OPEN.
//
// Usage: node interop.mjs CONFIG.json  (written by io.tidewatch.registry.NodeInterop)
// Prints one JSON object per line: {"registered": id}, {"produced": n, "inHeaders": k},
// {"schemaId": id | null, "schemaGuid": guid | null, "alert": {...}}.
import { readFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import {
  AvroDeserializer, AvroSerializer, HeaderSchemaIdSerializer, SchemaRegistryClient, SerdeType,
} from '@confluentinc/schemaregistry';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const say = (event) => console.log(JSON.stringify(event));
const kafka = new Kafka({ clientId: 'tidewatch-interop', brokers: [config.bootstrapServers], logLevel: logLevel.WARN });
const BATCH = 200;
const VALUE_SCHEMA_ID_HEADER = '__value_schema_id';

/** The registry client's three operations: register the turn schema, encode a turn, decode an alert. */
function kafkaJsCodec() {
  const registry = new SchemaRegistry({ host: config.registryUrl });
  let id;
  return {
    async register(subject, schema) {
      ({ id } = await registry.register({ type: SchemaType.AVRO, schema }, { subject }));
      return id;
    },
    async encode(turn) {
      return { value: await registry.encode(id, turn) };
    },
    decode: (message) => registry.decode(message.value),
  };
}

function confluentCodec() {
  const client = new SchemaRegistryClient({ baseURLs: [config.registryUrl] });
  const settings = { useLatestVersion: true, autoRegisterSchemas: false };
  const inPrefix = new AvroSerializer(client, SerdeType.VALUE, settings);
  const inHeader = new AvroSerializer(client, SerdeType.VALUE, { ...settings, schemaIdSerializer: HeaderSchemaIdSerializer });
  const reader = new AvroDeserializer(client, SerdeType.VALUE, {});
  let written = 0;
  return {
    register: (subject, schema) => client.register(subject, { schemaType: 'AVRO', schema }),
    async encode(turn) {
      const headers = {};
      const serializer = written++ % 2 === 0 ? inHeader : inPrefix;
      const value = await serializer.serialize(config.turnsTopic, turn, headers);
      return { value, headers };
    },
    decode: (message) => reader.deserialize(config.alertsTopic, message.value, message.headers),
  };
}

const codec = config.client === 'confluent' ? confluentCodec() : kafkaJsCodec();

async function produceTurns() {
  const schema = readFileSync(config.schemaFile, 'utf8');
  say({ registered: await codec.register(`${config.turnsTopic}-value`, schema) });
  const turns = readFileSync(config.turnsFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
  const producer = kafka.producer();
  await producer.connect();
  let inHeaders = 0;
  for (let i = 0; i < turns.length; i += BATCH) {
    const messages = [];
    for (const turn of turns.slice(i, i + BATCH)) {
      const { value, headers } = await codec.encode(turn);
      if (headers?.[VALUE_SCHEMA_ID_HEADER]) {
        inHeaders++;
      }
      messages.push({ key: turn.conversation_id, value, headers, timestamp: String(turn.timestamp) });
    }
    await producer.send({ topic: config.turnsTopic, messages });
  }
  await producer.disconnect();
  say({ produced: turns.length, inHeaders });
}

/** The GUID in a record's __value_schema_id header (magic byte 1, then 16 bytes), or null. */
function headerGuid(headers) {
  const header = headers?.[VALUE_SCHEMA_ID_HEADER];
  if (!header || header.length !== 17 || header[0] !== 1) {
    return null;
  }
  const hex = header.subarray(1).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

async function awaitOpenAlert() {
  const consumer = kafka.consumer({ groupId: `tidewatch-interop-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: config.alertsTopic, fromBeginning: true });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no OPEN alert on ${config.alertsTopic} within ${config.timeoutMs} ms`)), config.timeoutMs);
    consumer.run({
      eachMessage: async ({ message }) => {
        const alert = await codec.decode(message);
        const schemaGuid = headerGuid(message.headers);
        say({ schemaId: schemaGuid ? null : message.value.readInt32BE(1), schemaGuid, alert });
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
