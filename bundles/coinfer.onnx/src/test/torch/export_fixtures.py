"""Writes the PyTorch-exported ONNX test fixtures in ../resources/torch/.

Small networks made of torchvision's own classes and building blocks, with random weights (fixed
seeds, nothing pretrained, nothing downloaded), put in eval() mode and exported by
torch.onnx.export at opset 13 with a symbolic batch, so that the Java tests see graphs exactly as
PyTorch's exporter writes them: Shape/Gather/Unsqueeze/Concat/Reshape around
x.view(x.size(0), -1), Flatten for torch.flatten, Clip for ReLU6, grouped (depthwise) Conv, Concat
of parallel branches, residual Add, GlobalAveragePool for AdaptiveAvgPool2d(1), MaxPool with
ceil_mode, integer shape arithmetic (Div, Mul, Cast) feeding Reshape and Slice, ReduceMean, Pad.

Needs the Debian packages python3-torch (1.13.1), python3-torchvision (0.14.1) and
python3-onnx (1.12), and Debian's interpreter (a pyenv/venv python3 does not see them):

    apt-get install python3-torch python3-torchvision python3-onnx
    /usr/bin/python3 bundles/coinfer.onnx/src/test/torch/export_fixtures.py

It rewrites every NAME.onnx and multi_exit.json and prints each fixture's size and op counts.

What the exporter does in eval mode (torch 1.13.1):
  * Conv followed by BatchNorm is folded into the Conv (torch.onnx's eval peephole), so the
    default export of conv+BN networks has no BatchNormalization node. BatchNormalization
    survives where it does not follow a Conv (multi_exit: BN after a pooling; densenet:
    pre-activation BN after a Concat), and
    resnet_bn.onnx is the same network as resnet.onnx exported with
    training=TrainingMode.PRESERVE, which skips that fusion.
  * Dropout (mobilenet's, squeezenet's, inception's and multi_exit's classifiers) is dropped
    entirely: no Dropout node remains in any fixture.
  * AdaptiveAvgPool2d(1) becomes GlobalAveragePool, ReLU6 becomes Clip(x, 0, 6) with min and
    max as Constant nodes, AvgPool2d (DenseNet's transition) becomes Pad (all zeros) + AveragePool.

Ops per fixture as written (op: count):
  resnet       Add 3, Conv 8, Flatten 1, Gemm 1, GlobalAveragePool 1, MaxPool 1, Relu 7
  resnet_bn    Add 3, BatchNormalization 8, Conv 8, Flatten 1, Gemm 1, GlobalAveragePool 1,
               MaxPool 1, Relu 7
  mobilenet    Add 3, Clip 11, Constant 22 (Clip's min and max), Conv 16 (5 depthwise: group =
               channels), Flatten 1, Gemm 1, GlobalAveragePool 1
  squeezenet   Concat 3, Conv 11, Flatten 1, GlobalAveragePool 1, MaxPool 2 (ceil_mode), Relu 11
  inception    Concat 2, Conv 13, Flatten 1, Gemm 1, GlobalAveragePool 1,
               MaxPool 3 (ceil_mode), Relu 13
  shufflenet   Add 1, Cast 8, Concat 12, Constant 62, Conv 20 (7 depthwise), Div 5, Gather 17,
               Gemm 1, MaxPool 1, Mul 2, ReduceMean 1, Relu 13, Reshape 8, Shape 17, Slice 2,
               Transpose 4, Unsqueeze 28
  densenet     AveragePool 1, BatchNormalization 6, Concat 6, Constant 1, Conv 10, Flatten 1,
               Gemm 1, GlobalAveragePool 1, MaxPool 1, Pad 1, Relu 11
  multi_exit   BatchNormalization 2, Concat 1, Constant 3, Conv 4, Flatten 2, Gather 1, Gemm 4,
               MaxPool 4, Relu 5, Reshape 1, Shape 1, Unsqueeze 1
"""

import collections
import hashlib
import json
import pathlib
import re

import onnx
import torch
from torch import nn
from torchvision.models import DenseNet, ShuffleNetV2, mobilenet_v2
from torchvision.models.googlenet import BasicConv2d, Inception
from torchvision.models.resnet import BasicBlock, conv1x1
from torchvision.models.squeezenet import Fire

OUT = pathlib.Path(__file__).resolve().parent.parent / "resources" / "torch"


class ResNet(nn.Module):
    """Stem, three BasicBlocks (the second strides by 2 with a conv1x1+BN downsample), head."""

    def __init__(self, classes=10):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8),
                                  nn.ReLU(inplace=True), nn.MaxPool2d(3, stride=2, padding=1))
        down = nn.Sequential(conv1x1(8, 16, stride=2), nn.BatchNorm2d(16))
        self.blocks = nn.Sequential(BasicBlock(8, 8), BasicBlock(8, 16, stride=2, downsample=down),
                                    BasicBlock(16, 16))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(16, classes)

    def forward(self, x):
        x = self.pool(self.blocks(self.stem(x)))
        return self.fc(torch.flatten(x, 1))


def mobilenet():
    """torchvision's MobileNetV2 itself at width 0.25 with three short stages. Its last 1x1 conv
    keeps 1280 channels whatever the width, still only ~100 KB of weights."""
    return mobilenet_v2(num_classes=10, width_mult=0.25,
                        inverted_residual_setting=[[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 2, 2]])


class SqueezeNet(nn.Module):
    """SqueezeNet 1.1's layout in miniature: Fire modules between ceil_mode max pools, then a
    1x1 conv classifier with global average pooling."""

    def __init__(self, classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 16, 3, stride=2), nn.ReLU(inplace=True),
            nn.MaxPool2d(3, stride=2, ceil_mode=True), Fire(16, 4, 8, 8), Fire(16, 4, 8, 8),
            nn.MaxPool2d(3, stride=2, ceil_mode=True), Fire(16, 8, 16, 16))
        self.classifier = nn.Sequential(nn.Dropout(0.5), nn.Conv2d(32, classes, 1), nn.ReLU(inplace=True),
                                        nn.AdaptiveAvgPool2d((1, 1)))

    def forward(self, x):
        return torch.flatten(self.classifier(self.features(x)), 1)


class InceptionNet(nn.Module):
    """GoogLeNet in miniature: BasicConv2d stem, ceil_mode max pool, two Inception blocks."""

    def __init__(self, classes=10):
        super().__init__()
        self.stem = nn.Sequential(BasicConv2d(3, 8, kernel_size=3, padding=1),
                                  nn.MaxPool2d(3, stride=2, ceil_mode=True))
        self.a = Inception(8, 4, 4, 8, 2, 4, 4)  # 4 + 8 + 4 + 4 = 20 channels
        self.b = Inception(20, 8, 4, 8, 2, 4, 4)  # 24 channels
        self.pool = nn.AdaptiveAvgPool2d((1, 1))
        self.dropout = nn.Dropout(0.2)
        self.fc = nn.Linear(24, classes)

    def forward(self, x):
        x = self.pool(self.b(self.a(self.stem(x))))
        return self.fc(self.dropout(torch.flatten(x, 1)))


def shufflenet():
    """torchvision's ShuffleNetV2 itself, narrow and short. Its channel shuffle computes
    x.size(1) // 2 at run time (Shape, Gather, Div, Cast before Reshape and Transpose), chunk
    becomes two Slices whose ends are computed the same way, and x.mean([2, 3]) a ReduceMean."""
    return ShuffleNetV2(stages_repeats=[2, 1, 1], stages_out_channels=[8, 16, 32, 48, 64], num_classes=10)


def densenet():
    """torchvision's DenseNet itself, two tiny dense blocks: pre-activation BatchNormalization
    after Concat (so not folded), and the transition's AvgPool2d written as Pad + AveragePool."""
    return DenseNet(growth_rate=4, block_config=(2, 2), num_init_features=8, bn_size=2, num_classes=10)


class MultiExit(nn.Module):
    """B-LeNet-style: three conv/pool/relu stages, an exit after each of the first two and the
    final classifier; exit1 flattens with x.view(x.size(0), -1), the others with torch.flatten."""

    def __init__(self, classes=10):
        super().__init__()
        self.stage1 = nn.Sequential(nn.Conv2d(1, 5, 5, padding=2), nn.MaxPool2d(2), nn.ReLU(),
                                    nn.BatchNorm2d(5))  # after a pool: not folded into a Conv
        self.branch1 = nn.Sequential(nn.Conv2d(5, 5, 3, padding=1), nn.MaxPool2d(2), nn.ReLU())
        self.exit1 = nn.Linear(5 * 7 * 7, classes)
        self.stage2 = nn.Sequential(nn.Conv2d(5, 10, 5, padding=2), nn.MaxPool2d(2), nn.ReLU())
        self.exit2 = nn.Sequential(nn.Dropout(0.5), nn.Linear(10 * 7 * 7, classes))
        self.stage3 = nn.Sequential(nn.Conv2d(10, 20, 3, padding=1), nn.MaxPool2d(2), nn.ReLU(),
                                    nn.BatchNorm2d(20))
        self.exit3 = nn.Sequential(nn.Linear(20 * 3 * 3, 84), nn.ReLU(), nn.Dropout(0.5),
                                   nn.Linear(84, classes))

    def forward(self, x):
        x = self.stage1(x)
        b = self.branch1(x)
        e1 = self.exit1(b.view(b.size(0), -1))
        x = self.stage2(x)
        e2 = self.exit2(torch.flatten(x, 1))
        x = self.stage3(x)
        e3 = self.exit3(torch.flatten(x, 1))
        return e1, e2, e3


def randomize(model):
    """Random weights that keep the outputs sensitive to the input (with PyTorch's default
    initialization some of these nets answer nearly the same for every input, and a test could
    not tell a wrong split from a right one): He-normal convolutions and linear layers, small
    random biases. Fresh BatchNorm layers are the identity (mean 0, var 1, scale 1, shift 0);
    they get random statistics and affine parameters so that the exported normalization does
    something."""
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
            if m.bias is not None:
                nn.init.normal_(m.bias, std=0.1)
        elif isinstance(m, nn.BatchNorm2d):
            c = m.num_features
            m.running_mean.copy_(0.1 * torch.randn(c))
            m.running_var.copy_(0.5 + torch.rand(c))
            m.weight.data.copy_(0.5 + torch.rand(c))
            m.bias.data.copy_(0.1 * torch.randn(c))


def export(name, model, shape, outputs=("output",), **options):
    torch.manual_seed(1)
    randomize(model)
    model.eval()
    path = OUT / (name + ".onnx")
    axes = {"input": {0: "batch"}}
    axes.update({o: {0: "batch"} for o in outputs})
    with torch.no_grad():
        torch.onnx.export(model, torch.rand(*shape), str(path), opset_version=13, input_names=["input"],
                          output_names=list(outputs), dynamic_axes=axes, **options)
    graph = onnx.load(str(path)).graph
    ops = collections.Counter(n.op_type for n in graph.node)
    depthwise = sum(1 for n in graph.node if n.op_type == "Conv"
                    and any(a.name == "group" and a.i > 1 for a in n.attribute))
    ceil = sum(1 for n in graph.node if n.op_type == "MaxPool"
               and any(a.name == "ceil_mode" and a.i == 1 for a in n.attribute))
    print(f"{name}: {path.stat().st_size} bytes, {len(graph.node)} nodes, depthwise Conv {depthwise},"
          f" ceil_mode MaxPool {ceil}")
    print("   ", ", ".join(f"{op} {count}" for op, count in sorted(ops.items())))
    return path


def manifest(onnx_path, outputs):
    """The manifest org.coinfer.model.ModelManifest reads; accuracies are left out (not measured)."""
    data = {
        "id": "torch-multi-exit",
        "format": "onnx",
        "file": onnx_path.name,
        "sha256": hashlib.sha256(onnx_path.read_bytes()).hexdigest(),
        "input": {"name": "input", "shape": [-1, 1, 28, 28], "dtype": "float32",
                  "preprocessing": "grayscale pixels as float32 in NCHW [N,1,28,28], value = byte / 255"},
        "labels": ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                   "Ankle boot"],
        "exits": [{"name": o, "output": o} for o in outputs],
        "training": "none: random weights (torch.manual_seed(0)), a test fixture",
    }
    text = json.dumps(data, indent=2)
    # Lists of plain values on one line, as in the shipped manifests.
    text = re.sub(r"\[\s+([^\[\]{}]*?)\s+\]", lambda m: "[" + re.sub(r",\s+", ", ", m.group(1)) + "]", text)
    onnx_path.with_suffix(".json").write_text(text + "\n")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    builders = {
        "resnet": (ResNet, (1, 3, 32, 32), {}),
        "resnet_bn": (ResNet, (1, 3, 32, 32), {"training": torch.onnx.TrainingMode.PRESERVE,
                                               "do_constant_folding": False}),
        "mobilenet": (mobilenet, (1, 3, 32, 32), {}),
        "squeezenet": (SqueezeNet, (1, 3, 32, 32), {}),
        "inception": (InceptionNet, (1, 3, 32, 32), {}),
        "shufflenet": (shufflenet, (1, 3, 32, 32), {}),
        "densenet": (densenet, (1, 3, 32, 32), {}),
    }
    for name, (build, shape, options) in builders.items():
        torch.manual_seed(0)  # the same weights for resnet and resnet_bn
        export(name, build(), shape, **options)
    torch.manual_seed(0)
    exits = ("exit1", "exit2", "exit3")
    manifest(export("multi_exit", MultiExit(), (1, 1, 28, 28), exits), exits)


if __name__ == "__main__":
    main()
