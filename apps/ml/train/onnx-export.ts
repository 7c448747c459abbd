import onnxProto from "onnx-proto";
import type { QuantileModel } from "./gbm";

const { onnx } = onnxProto;
const A = onnx.AttributeProto.AttributeType;
const text = (s: string) => new TextEncoder().encode(s);

/**
 * Quantile tree ensembles as one ONNX graph: a single ai.onnx.ml TreeEnsembleRegressor (opset 3) whose
 * target i is quantile model i, summed over its trees plus its base value, then a standard TopK that sorts
 * each row ascending (the no-crossing rearrangement, see predictQuantiles in gbm.ts; the models must come in
 * ascending quantile order), optionally after adding a linear term (Gemm: a trend and a county offset, which
 * trees cannot extrapolate). Input "features" float[N, F], output "quantiles" float[N, targets]. Any ONNX
 * runtime evaluates it; nothing here is specific to us.
 */
export function exportQuantileEnsemble(
  models: QuantileModel[],
  featureCount: number,
  docString: string,
  /**
   * A linear term added to every target before the sort: bias + features · weights (standard Gemm), plus
   * optional hinge terms h = relu(features · actual + offset) − relu(features · normal + offset), with `actual`
   * and `normal` float[F][K], as h · weights or, with `ceiling`, relu(h − ceiling) · weights (Gemm, Relu, Sub,
   * MatMul).
   */
  linear?: {
    bias: number;
    weights: number[];
    hinges?: {
      actual: number[][];
      normal: number[][];
      offset: number[];
      ceiling: number[] | null;
      weights: number[];
    };
  },
): Uint8Array {
  const nodes = {
    treeIds: [] as number[],
    nodeIds: [] as number[],
    featureIds: [] as number[],
    values: [] as number[],
    modes: [] as Uint8Array[],
    trueIds: [] as number[],
    falseIds: [] as number[],
  };
  const targets = {
    treeIds: [] as number[],
    nodeIds: [] as number[],
    ids: [] as number[],
    weights: [] as number[],
  };
  let treeId = 0;
  models.forEach((model, target) => {
    for (const tree of model.trees) {
      tree.forEach((node, nodeId) => {
        nodes.treeIds.push(treeId);
        nodes.nodeIds.push(nodeId);
        if (node.feature >= 0) {
          nodes.featureIds.push(node.feature);
          nodes.values.push(node.threshold);
          nodes.modes.push(text("BRANCH_LEQ"));
          nodes.trueIds.push(node.left);
          nodes.falseIds.push(node.right);
        } else {
          nodes.featureIds.push(0);
          nodes.values.push(0);
          nodes.modes.push(text("LEAF"));
          nodes.trueIds.push(0);
          nodes.falseIds.push(0);
          targets.treeIds.push(treeId);
          targets.nodeIds.push(nodeId);
          targets.ids.push(target);
          targets.weights.push(node.value);
        }
      });
      treeId++;
    }
  });
  const ints = (name: string, values: number[]) => ({ name, type: A.INTS, ints: values });
  const floats = (name: string, values: number[]) => ({ name, type: A.FLOATS, floats: values });
  const node = onnx.NodeProto.create({
    opType: "TreeEnsembleRegressor",
    domain: "ai.onnx.ml",
    name: "quantile_trees",
    input: ["features"],
    output: [linear ? "tree_quantiles" : "unsorted_quantiles"],
    attribute: [
      { name: "n_targets", type: A.INT, i: models.length },
      { name: "aggregate_function", type: A.STRING, s: text("SUM") },
      { name: "post_transform", type: A.STRING, s: text("NONE") },
      floats(
        "base_values",
        models.map((m) => m.base),
      ),
      ints("nodes_treeids", nodes.treeIds),
      ints("nodes_nodeids", nodes.nodeIds),
      ints("nodes_featureids", nodes.featureIds),
      floats("nodes_values", nodes.values),
      { name: "nodes_modes", type: A.STRINGS, strings: nodes.modes },
      ints("nodes_truenodeids", nodes.trueIds),
      ints("nodes_falsenodeids", nodes.falseIds),
      ints("target_treeids", targets.treeIds),
      ints("target_nodeids", targets.nodeIds),
      ints("target_ids", targets.ids),
      floats("target_weights", targets.weights),
    ],
  });
  const count = new Uint8Array(8);
  new DataView(count.buffer).setBigInt64(0, BigInt(models.length), true);
  const rearrange = onnx.NodeProto.create({
    opType: "TopK",
    name: "rearrange_quantiles",
    input: ["unsorted_quantiles", "quantile_count"],
    output: ["quantiles", "quantile_order"],
    attribute: [
      { name: "axis", type: A.INT, i: -1 },
      { name: "largest", type: A.INT, i: 0 },
      { name: "sorted", type: A.INT, i: 1 },
    ],
  });
  const floatTensor = (name: string, dims: number[], values: number[]) =>
    onnx.TensorProto.create({ name, dataType: onnx.TensorProto.DataType.FLOAT, dims, floatData: values });
  const hinges = linear?.hinges;
  const linearNodes = linear
    ? [
        onnx.NodeProto.create({
          opType: "Gemm",
          name: "linear_term",
          input: ["features", "linear_weights", "linear_bias"],
          output: [hinges ? "plain_linear_value" : "linear_value"],
        }),
        ...(hinges
          ? (["actual", "normal"] as const)
              .flatMap((part) => [
                onnx.NodeProto.create({
                  opType: "Gemm",
                  name: `hinge_${part}`,
                  input: ["features", `hinge_${part}_weights`, "hinge_offset"],
                  output: [`hinge_${part}_input`],
                }),
                onnx.NodeProto.create({
                  opType: "Relu",
                  name: `hinge_${part}_relu`,
                  input: [`hinge_${part}_input`],
                  output: [`hinge_${part}_value`],
                }),
              ])
              .concat([
                onnx.NodeProto.create({
                  opType: "Sub",
                  name: "hinge_excess",
                  input: ["hinge_actual_value", "hinge_normal_value"],
                  output: ["hinge_values"],
                }),
                ...(hinges.ceiling
                  ? [
                      onnx.NodeProto.create({
                        opType: "Sub",
                        name: "hinge_beyond_ceiling",
                        input: ["hinge_values", "hinge_ceiling"],
                        output: ["hinge_beyond_input"],
                      }),
                      onnx.NodeProto.create({
                        opType: "Relu",
                        name: "hinge_beyond_relu",
                        input: ["hinge_beyond_input"],
                        output: ["hinge_beyond"],
                      }),
                    ]
                  : []),
                onnx.NodeProto.create({
                  opType: "MatMul",
                  name: "hinge_term",
                  input: [hinges.ceiling ? "hinge_beyond" : "hinge_values", "hinge_weights"],
                  output: ["hinge_value"],
                }),
                onnx.NodeProto.create({
                  opType: "Add",
                  name: "add_hinge_term",
                  input: ["plain_linear_value", "hinge_value"],
                  output: ["linear_value"],
                }),
              ])
          : []),
        onnx.NodeProto.create({
          opType: "Add",
          name: "add_linear_term",
          input: ["tree_quantiles", "linear_value"],
          output: ["unsorted_quantiles"],
        }),
      ]
    : [];
  const k = hinges?.offset.length ?? 0;
  const linearInitializers = linear
    ? [
        floatTensor("linear_weights", [featureCount, 1], linear.weights),
        floatTensor("linear_bias", [1], [linear.bias]),
        ...(hinges
          ? [
              floatTensor("hinge_actual_weights", [featureCount, k], hinges.actual.flat()),
              floatTensor("hinge_normal_weights", [featureCount, k], hinges.normal.flat()),
              floatTensor("hinge_offset", [k], hinges.offset),
              floatTensor("hinge_weights", [k, 1], hinges.weights),
              ...(hinges.ceiling ? [floatTensor("hinge_ceiling", [k], hinges.ceiling)] : []),
            ]
          : []),
      ]
    : [];
  const tensor = (name: string, dims: (number | string)[]) =>
    onnx.ValueInfoProto.create({
      name,
      type: {
        tensorType: {
          elemType: onnx.TensorProto.DataType.FLOAT,
          shape: { dim: dims.map((d) => (typeof d === "string" ? { dimParam: d } : { dimValue: d })) },
        },
      },
    });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: "unicorn-train",
    producerVersion: "1",
    docString,
    opsetImport: [
      { domain: "", version: 17 },
      { domain: "ai.onnx.ml", version: 3 },
    ],
    graph: {
      name: "corn_yield_quantiles",
      node: [node, ...linearNodes, rearrange],
      initializer: [
        ...linearInitializers,
        onnx.TensorProto.create({
          name: "quantile_count",
          dataType: onnx.TensorProto.DataType.INT64,
          dims: [1],
          rawData: count,
        }),
      ],
      input: [tensor("features", ["N", featureCount])],
      output: [tensor("quantiles", ["N", models.length])],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
