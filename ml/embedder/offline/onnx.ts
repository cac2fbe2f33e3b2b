import protobuf from 'protobufjs';

/**
 * A minimal subset of onnx.proto (field numbers from onnx/onnx.proto, IR version 8), enough to
 * write a one-node Gather graph: token id → embedding row. Only the messages we emit are declared.
 */
const ONNX_PROTO = `
syntax = "proto3";
package onnx;
message OperatorSetIdProto { string domain = 1; int64 version = 2; }
message StringStringEntryProto { string key = 1; string value = 2; }
message TensorShapeProto {
  message Dimension { oneof value { int64 dim_value = 1; string dim_param = 2; } string denotation = 3; }
  repeated Dimension dim = 1;
}
message TypeProto {
  message Tensor { int32 elem_type = 1; TensorShapeProto shape = 2; }
  oneof value { Tensor tensor_type = 1; }
}
message ValueInfoProto { string name = 1; TypeProto type = 2; string doc_string = 3; }
message TensorProto {
  repeated int64 dims = 1;
  int32 data_type = 2;
  repeated float float_data = 4 [packed = true];
  repeated int64 int64_data = 7 [packed = true];
  string name = 8;
  bytes raw_data = 9;
  string doc_string = 12;
}
message AttributeProto { string name = 1; int64 i = 3; int32 type = 20; }
message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  string name = 3;
  string op_type = 4;
  repeated AttributeProto attribute = 5;
  string doc_string = 6;
  string domain = 7;
}
message GraphProto {
  repeated NodeProto node = 1;
  string name = 2;
  repeated TensorProto initializer = 5;
  string doc_string = 10;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
}
message ModelProto {
  int64 ir_version = 1;
  string producer_name = 2;
  string producer_version = 3;
  string domain = 4;
  int64 model_version = 5;
  string doc_string = 6;
  GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
  repeated StringStringEntryProto metadata_props = 14;
}
`;

export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;
const AttrType_INT = 2;

let modelType: protobuf.Type | undefined;
export function onnxModelType(): protobuf.Type {
  modelType ??= protobuf.parse(ONNX_PROTO, { keepCase: true }).root.lookupType('onnx.ModelProto');
  return modelType;
}

export interface StaticEmbeddingGraph {
  /** Row-major [vocabSize, dim]. */
  weights: Float32Array;
  vocabSize: number;
  dim: number;
  /** Free-form key/values stored in the model's metadata_props (seed, corpus hash, …). */
  metadata?: Record<string, string>;
}

const tensorInput = (name: string, elemType: number, dims: (number | string)[]) => ({
  name,
  type: {
    tensor_type: {
      elem_type: elemType,
      shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) },
    },
  },
});

/**
 * Encode a static-embedding model: inputs `input_ids` and `attention_mask` (int64 [batch, seq];
 * the mask is accepted so transformers.js can feed it, pooling uses it outside the graph) and
 * output `last_hidden_state` (float [batch, seq, dim]) = Gather(embeddings, input_ids).
 */
export function encodeStaticEmbeddingModel(graph: StaticEmbeddingGraph): Uint8Array {
  const { weights, vocabSize, dim } = graph;
  if (weights.length !== vocabSize * dim)
    throw new Error(`weights has ${weights.length} values, expected ${vocabSize}×${dim}`);
  const raw = new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength);
  const le = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  if (!le) throw new Error('big-endian hosts are not supported (ONNX raw_data is little-endian)');
  const message = {
    ir_version: 8,
    producer_name: 'meridian',
    producer_version: '1',
    domain: 'meridian',
    model_version: 1,
    doc_string: 'Static token embeddings over the MiniLM WordPiece vocabulary (Gather only).',
    opset_import: [{ domain: '', version: 13 }],
    metadata_props: Object.entries(graph.metadata ?? {}).map(([key, value]) => ({ key, value })),
    graph: {
      name: 'static_embedding',
      node: [
        {
          name: 'gather_embeddings',
          op_type: 'Gather',
          input: ['embeddings', 'input_ids'],
          output: ['last_hidden_state'],
          attribute: [{ name: 'axis', i: 0, type: AttrType_INT }],
        },
      ],
      initializer: [{ name: 'embeddings', dims: [vocabSize, dim], data_type: ONNX_FLOAT, raw_data: raw }],
      input: [
        tensorInput('input_ids', ONNX_INT64, ['batch_size', 'sequence_length']),
        tensorInput('attention_mask', ONNX_INT64, ['batch_size', 'sequence_length']),
      ],
      output: [tensorInput('last_hidden_state', ONNX_FLOAT, ['batch_size', 'sequence_length', dim])],
    },
  };
  const type = onnxModelType();
  const err = type.verify(message);
  if (err) throw new Error(`invalid ONNX message: ${err}`);
  return type.encode(type.fromObject(message)).finish();
}

/** Decode (for tests and `describe`): the graph's op types, inputs, outputs and metadata. */
export function decodeModelSummary(bytes: Uint8Array): {
  opTypes: string[];
  inputs: string[];
  outputs: string[];
  dims: number[];
  metadata: Record<string, string>;
} {
  const m = onnxModelType().toObject(onnxModelType().decode(bytes), { longs: Number, bytes: String }) as {
    graph: {
      node: { op_type: string }[];
      input: { name: string }[];
      output: { name: string }[];
      initializer: { dims: number[] }[];
    };
    metadata_props?: { key: string; value: string }[];
  };
  return {
    opTypes: m.graph.node.map((n) => n.op_type),
    inputs: m.graph.input.map((i) => i.name),
    outputs: m.graph.output.map((o) => o.name),
    dims: m.graph.initializer[0]?.dims ?? [],
    metadata: Object.fromEntries((m.metadata_props ?? []).map((p) => [p.key, p.value])),
  };
}
