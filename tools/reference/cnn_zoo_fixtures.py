#!/usr/bin/python3
"""Reference architectures of the Glassbox model zoo (Glassbox.Models), written out in PyTorch 1.13.

Run with Debian's interpreter (it has torch 1.13; torchvision is not packaged there, so torchvision's ResNet
v1.5 is written out below layer for layer):

    /usr/bin/python3 tools/reference/cnn_zoo_fixtures.py

Writes into tests/fixtures/cnn/:
  zoo.json                    every zoo model's parameter count and state-dict keys with shapes and dtypes, in
                              PyTorch's order, plus the list of parity cases below;
  zoo_<case>.safetensors      a small model's state_dict (float32 weights, int64 num_batches_tracked), exactly
                              what `safetensors.torch.save_file(model.state_dict(), ...)` would write;
  zoo_<case>_io.safetensors   a fixed input and the model's eval-mode output, computed once in float32 and once
                              in float64 (the same weights, widened exactly), so a test can check the architecture
                              to float64 precision and the float32 path to a float32 bound.

Weights come from PyTorch's default initialisation under torch.manual_seed; batch-norm layers get non-trivial
affine parameters and running statistics (and a non-zero num_batches_tracked) before saving, so loading them
is actually exercised. safetensors is written from the format spec with NumPy, as in safetensors_fixture.py.
"""
import copy
import json
import os
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "fixtures", "cnn")


# ------------------------------------------------------------------------------------------------ LeNet-5
class LeNet5(nn.Module):
    """28x28 MNIST LeNet-5: conv 6@5x5 pad 2, pool, conv 16@5x5, pool, 400-120-84-10."""

    def __init__(self, num_classes=10, act="tanh", pool="avg"):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, num_classes)
        self.act = {"tanh": torch.tanh, "relu": torch.relu}[act]
        self.pool = {"avg": lambda x: F.avg_pool2d(x, 2), "max": lambda x: F.max_pool2d(x, 2)}[pool]

    def forward(self, x):
        x = self.pool(self.act(self.conv1(x)))
        x = self.pool(self.act(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = self.act(self.fc1(x))
        x = self.act(self.fc2(x))
        return self.fc3(x)


# ------------------------------------------------------------------------------------------------ VGG (CIFAR)
VGG_CFG = {
    "vgg11": [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    "vgg13": [64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    "vgg16": [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"],
    "vgg19": [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M", 512, 512, 512, 512, "M"],
}


class VGG(nn.Module):
    """The common CIFAR VGG: 3x3 convs (with bias) [+BN] + ReLU, 2x2 max pools, 32x32 -> 1x1x512 -> Linear."""

    def __init__(self, cfg, num_classes=10, batch_norm=True, width_divisor=1):
        super().__init__()
        layers, c = [], 3
        for v in VGG_CFG[cfg]:
            if v == "M":
                layers.append(nn.MaxPool2d(2, 2))
            else:
                v //= width_divisor
                layers.append(nn.Conv2d(c, v, 3, padding=1))
                if batch_norm:
                    layers.append(nn.BatchNorm2d(v))
                layers.append(nn.ReLU(inplace=True))
                c = v
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Linear(c, num_classes)

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))


# ------------------------------------------------------------------------------------------------ ResNets
class ShortcutA(nn.Module):
    """He et al. 2016 option A: take every stride-th pixel, zero-pad the new channels (half before, half after)."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.stride, self.before, self.after = stride, (cout - cin) // 2, cout - cin - (cout - cin) // 2

    def forward(self, x):
        x = x[:, :, ::self.stride, ::self.stride]
        return F.pad(x, (0, 0, 0, 0, self.before, self.after))


def conv3x3(cin, cout, stride=1):
    return nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)


def conv1x1(cin, cout, stride=1):
    return nn.Conv2d(cin, cout, 1, stride=stride, bias=False)


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, cin, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = conv3x3(cin, planes, stride)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = conv3x3(planes, planes)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = downsample

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + (x if self.downsample is None else self.downsample(x)))


class Bottleneck(nn.Module):
    """torchvision's v1.5 bottleneck: the stride sits on the 3x3 conv."""
    expansion = 4

    def __init__(self, cin, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = conv1x1(cin, planes)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = conv3x3(planes, planes, stride)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = conv1x1(planes, planes * 4)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.downsample = downsample

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = F.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return F.relu(out + (x if self.downsample is None else self.downsample(x)))


def make_layer(block, cin, planes, blocks, stride, shortcut):
    layers = []
    for i in range(blocks):
        s = stride if i == 0 else 1
        down = None
        if s != 1 or cin != planes * block.expansion:
            if shortcut == "A":
                down = ShortcutA(cin, planes * block.expansion, s)
            else:
                down = nn.Sequential(conv1x1(cin, planes * block.expansion, s), nn.BatchNorm2d(planes * block.expansion))
        layers.append(block(cin, planes, s, down))
        cin = planes * block.expansion
    return nn.Sequential(*layers), cin


class CifarResNet(nn.Module):
    """He et al. 2016 section 4.2: 3x3 conv 16, three stages of n basic blocks (16/32/64), global pool, fc."""

    def __init__(self, n, num_classes=10, shortcut="A"):
        super().__init__()
        self.conv1 = conv3x3(3, 16)
        self.bn1 = nn.BatchNorm2d(16)
        self.layer1, c = make_layer(BasicBlock, 16, 16, n, 1, shortcut)
        self.layer2, c = make_layer(BasicBlock, c, 32, n, 2, shortcut)
        self.layer3, c = make_layer(BasicBlock, c, 64, n, 2, shortcut)
        self.fc = nn.Linear(c, num_classes)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class ImageNetResNet(nn.Module):
    """torchvision.models.ResNet (v1.5), with the stem width as a parameter (torchvision fixes it at 64)."""

    def __init__(self, block, layers, num_classes=1000, base_width=64):
        super().__init__()
        b = base_width
        self.conv1 = nn.Conv2d(3, b, 7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(b)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        self.layer1, c = make_layer(block, b, b, layers[0], 1, "B")
        self.layer2, c = make_layer(block, c, 2 * b, layers[1], 2, "B")
        self.layer3, c = make_layer(block, c, 4 * b, layers[2], 2, "B")
        self.layer4, c = make_layer(block, c, 8 * b, layers[3], 2, "B")
        self.fc = nn.Linear(c, num_classes)

    def forward(self, x):
        x = self.maxpool(F.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


# ------------------------------------------------------------------------------------------------ U-Net
class DoubleConv(nn.Module):
    """Two same-padded 3x3 convs, each followed by [BN and] ReLU; the convs drop their bias when BN follows."""

    def __init__(self, cin, cout, bn):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1, bias=not bn)
        if bn:
            self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=not bn)
        if bn:
            self.bn2 = nn.BatchNorm2d(cout)
        self.bn = bn

    def forward(self, x):
        x = self.conv1(x)
        x = F.relu(self.bn1(x) if self.bn else x)
        x = self.conv2(x)
        return F.relu(self.bn2(x) if self.bn else x)


class UNet(nn.Module):
    """Ronneberger et al. 2015 with same padding: `depth` 2x2 max pools; level i has width*2^i channels.
    up[k]/decoder[k] are in the order they run (k = 0 is the deepest). Transposed up-sampling halves the channels
    (2x2, stride 2); bilinear up-sampling keeps them, so that decoder block sees 2^i + 2^(i+1) widths."""

    def __init__(self, in_channels=1, out_channels=2, width=64, depth=4, up="transpose", bn=False):
        super().__init__()
        self.encoder = nn.ModuleList()
        c = in_channels
        for i in range(depth):
            self.encoder.append(DoubleConv(c, width << i, bn))
            c = width << i
        self.bottleneck = DoubleConv(c, width << depth, bn)
        self.up = nn.ModuleList()
        self.decoder = nn.ModuleList()
        for i in reversed(range(depth)):
            hi, lo = width << (i + 1), width << i
            if up == "transpose":
                self.up.append(nn.ConvTranspose2d(hi, lo, 2, stride=2))
                self.decoder.append(DoubleConv(2 * lo, lo, bn))
            else:
                self.up.append(nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False))
                self.decoder.append(DoubleConv(hi + lo, lo, bn))
        self.head = nn.Conv2d(width, out_channels, 1)

    def forward(self, x):
        skips = []
        for i, enc in enumerate(self.encoder):
            x = enc(x)
            skips.append(x)
            x = F.max_pool2d(x, 2)
        x = self.bottleneck(x)
        for up, dec, skip in zip(self.up, self.decoder, reversed(skips)):
            x = dec(torch.cat([skip, up(x)], 1))
        return self.head(x)


# ------------------------------------------------------------------------------------------------ the zoo
def zoo():
    """Every model whose parameter count and key list the C# tests check: (name, kind, args, constructor)."""
    return [
        ("lenet5", "LeNet5", {}, lambda: LeNet5()),
        ("vgg11", "VGG", {"config": "vgg11", "batch_norm": False}, lambda: VGG("vgg11", batch_norm=False)),
        ("vgg11_bn", "VGG", {"config": "vgg11", "batch_norm": True}, lambda: VGG("vgg11")),
        ("vgg13_bn", "VGG", {"config": "vgg13", "batch_norm": True}, lambda: VGG("vgg13")),
        ("vgg16_bn", "VGG", {"config": "vgg16", "batch_norm": True}, lambda: VGG("vgg16")),
        ("vgg19_bn", "VGG", {"config": "vgg19", "batch_norm": True, "classes": 100}, lambda: VGG("vgg19", num_classes=100)),
        ("resnet20", "CifarResNet", {"n": 3, "shortcut": "A"}, lambda: CifarResNet(3)),
        ("resnet32", "CifarResNet", {"n": 5, "shortcut": "A"}, lambda: CifarResNet(5)),
        ("resnet56", "CifarResNet", {"n": 9, "shortcut": "A"}, lambda: CifarResNet(9)),
        ("resnet20_b", "CifarResNet", {"n": 3, "shortcut": "B"}, lambda: CifarResNet(3, shortcut="B")),
        ("resnet18", "ResNet", {"block": "basic", "layers": [2, 2, 2, 2]}, lambda: ImageNetResNet(BasicBlock, [2, 2, 2, 2])),
        ("resnet34", "ResNet", {"block": "basic", "layers": [3, 4, 6, 3]}, lambda: ImageNetResNet(BasicBlock, [3, 4, 6, 3])),
        ("resnet50", "ResNet", {"block": "bottleneck", "layers": [3, 4, 6, 3]}, lambda: ImageNetResNet(Bottleneck, [3, 4, 6, 3])),
        ("unet64", "UNet", {"in": 1, "out": 2, "width": 64, "depth": 4, "up": "transpose", "bn": False},
         lambda: UNet(1, 2, 64, 4, "transpose", False)),
        ("unet64_bn_bilinear", "UNet", {"in": 3, "out": 1, "width": 64, "depth": 4, "up": "bilinear", "bn": True},
         lambda: UNet(3, 1, 64, 4, "bilinear", True)),
    ]


def parity():
    """Small models whose seeded weights, input and outputs are saved: (name, kind, args, constructor, input shape)."""
    return [
        ("lenet5", "LeNet5", {}, lambda: LeNet5(), (2, 1, 28, 28)),
        ("lenet5_relu_max", "LeNet5", {"act": "relu", "pool": "max"}, lambda: LeNet5(act="relu", pool="max"), (3, 1, 28, 28)),
        ("resnet20", "CifarResNet", {"n": 3, "shortcut": "A"}, lambda: CifarResNet(3), (2, 3, 32, 32)),
        ("resnet8_b", "CifarResNet", {"n": 1, "shortcut": "B", "classes": 7}, lambda: CifarResNet(1, 7, "B"), (1, 3, 20, 28)),
        ("resnet_basic_w8", "ResNet", {"block": "basic", "layers": [1, 1, 1, 1], "base_width": 8, "classes": 5},
         lambda: ImageNetResNet(BasicBlock, [1, 1, 1, 1], 5, 8), (2, 3, 44, 60)),
        ("resnet_bottleneck_w8", "ResNet", {"block": "bottleneck", "layers": [1, 2, 1, 1], "base_width": 8, "classes": 6},
         lambda: ImageNetResNet(Bottleneck, [1, 2, 1, 1], 6, 8), (1, 3, 64, 48)),
        ("vgg11_bn_w8", "VGG", {"config": "vgg11", "batch_norm": True, "width_divisor": 8},
         lambda: VGG("vgg11", width_divisor=8), (2, 3, 32, 32)),
        ("unet8_d3_bn", "UNet", {"in": 3, "out": 2, "width": 8, "depth": 3, "up": "transpose", "bn": True},
         lambda: UNet(3, 2, 8, 3, "transpose", True), (2, 3, 24, 40)),
        ("unet8_d3_bilinear", "UNet", {"in": 1, "out": 3, "width": 8, "depth": 3, "up": "bilinear", "bn": False},
         lambda: UNet(1, 3, 8, 3, "bilinear", False), (1, 1, 16, 24)),
    ]


def keys(model):
    dt = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int64"}
    return [{"key": k, "shape": list(v.shape), "dtype": dt[v.dtype]} for k, v in model.state_dict().items()]


CODES = {np.dtype(np.float32): "F32", np.dtype(np.float64): "F64", np.dtype(np.int64): "I64"}


def save_safetensors(path, tensors):
    """Writes name -> numpy array as safetensors: u64 little-endian header length, JSON header, raw bytes."""
    header, blobs, off = {"__metadata__": {"format": "pt"}}, [], 0
    for name in sorted(tensors):  # the reference writer sorts by name too
        arr = np.array(tensors[name], order="C")  # not ascontiguousarray, which turns a 0-d array into shape [1]
        b = arr.tobytes()  # little-endian on x86-64
        header[name] = {"dtype": CODES[arr.dtype], "shape": list(arr.shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def perturb_batch_norm(model, gen):
    """Gives every BN layer non-trivial gamma, beta and running statistics (still well conditioned)."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                n = m.num_features
                m.weight.copy_(0.5 + torch.rand(n, generator=gen))
                m.bias.copy_(0.2 * torch.randn(n, generator=gen))
                m.running_mean.copy_(0.2 * torch.randn(n, generator=gen))
                m.running_var.copy_(0.5 + torch.rand(n, generator=gen))
                m.num_batches_tracked.fill_(17)


def main():
    os.makedirs(OUT, exist_ok=True)
    models = []
    for name, kind, args, make in zoo():
        torch.manual_seed(0)
        m = make()
        count = sum(p.numel() for p in m.parameters())
        models.append({"name": name, "kind": kind, "args": args, "param_count": count, "state": keys(m)})
        print(f"{name:22s} {count:>12,d} parameters, {len(m.state_dict())} state keys")

    cases = []
    for i, (name, kind, args, make, shape) in enumerate(parity()):
        torch.manual_seed(1000 + i)
        gen = torch.Generator().manual_seed(2000 + i)
        m = make()
        perturb_batch_norm(m, gen)
        m.eval()
        x = torch.randn(*shape, generator=gen)
        with torch.no_grad():
            y32 = m(x)
            m64 = copy.deepcopy(m).double()
            y64 = m64(x.double())
        weights = f"zoo_{name}.safetensors"
        io = f"zoo_{name}_io.safetensors"
        save_safetensors(os.path.join(OUT, weights), {k: v.numpy() for k, v in m.state_dict().items()})
        save_safetensors(os.path.join(OUT, io), {"input": x.numpy(), "output_f32": y32.numpy(), "output_f64": y64.numpy()})
        cases.append({"name": name, "kind": kind, "args": args, "param_count": sum(p.numel() for p in m.parameters()),
                      "state": keys(m), "weights": weights, "io": io,
                      "max_abs_output": float(y64.abs().max()), "f32_vs_f64": float((y32.double() - y64).abs().max())})
        print(f"parity {name:22s} out {tuple(y32.shape)} max|y| {y64.abs().max():.3g} |y32-y64| {cases[-1]['f32_vs_f64']:.3g}")

    with open(os.path.join(OUT, "zoo.json"), "w") as f:
        json.dump({"torch": torch.__version__, "models": models, "parity": cases}, f, indent=1)
    total = sum(os.path.getsize(os.path.join(OUT, p)) for p in os.listdir(OUT) if p.startswith("zoo"))
    print(f"zoo fixtures: {total:,d} bytes")


if __name__ == "__main__":
    main()
