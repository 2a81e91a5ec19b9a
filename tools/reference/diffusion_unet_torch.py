"""The PyTorch twin of Glassbox's DiffusionUNet (src/Glassbox/Models/Generative/DiffusionUNet.cs): the same layers,
order and state-dict keys, so a state dict moves between the two unchanged. Used by gen_unet_fixtures.py (parity) and
bench_ddpm_torch.py (speed)."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def sinusoidal(t, dim):
    """Sines then cosines of t * 10000^(-i/(h-1)), i < h = dim/2 (Ho et al.'s layout), computed in float64."""
    h = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(h, dtype=torch.float64) / (h - 1))
    a = t.to(torch.float64)[:, None] * freqs[None, :]
    return torch.cat([torch.sin(a), torch.cos(a)], dim=1)


class TimestepEmbedding(nn.Module):
    def __init__(self, d, e):
        super().__init__()
        self.d = d
        self.linear1 = nn.Linear(d, e)
        self.linear2 = nn.Linear(e, e)

    def forward(self, t):
        s = sinusoidal(t, self.d).to(self.linear1.weight.dtype)
        return self.linear2(F.silu(self.linear1(s)))


class ResBlock(nn.Module):
    def __init__(self, cin, cout, e, groups):
        super().__init__()
        self.cout = cout
        self.norm1 = nn.GroupNorm(groups, cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.embed = nn.Linear(e, cout)
        self.norm2 = nn.GroupNorm(groups, cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else None

    def forward(self, x, emb):
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.embed(F.silu(emb))[:, :, None, None]
        h = self.conv2(F.silu(self.norm2(h)))
        return (x if self.skip is None else self.skip(x)) + h


class Attention(nn.Module):
    def __init__(self, c, groups, heads):
        super().__init__()
        self.c, self.heads = c, heads
        self.norm = nn.GroupNorm(groups, c)
        self.qkv = nn.Conv2d(c, 3 * c, 1)
        self.proj = nn.Conv2d(c, c, 1)

    def forward(self, x):
        n, c, h, w = x.shape
        d = c // self.heads
        t = self.qkv(self.norm(x)).reshape(n, 3, self.heads, d, h * w).permute(1, 0, 2, 4, 3)
        q, k, v = t[0], t[1], t[2]
        a = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d), dim=-1)
        o = (a @ v).permute(0, 1, 3, 2).reshape(n, c, h, w)
        return x + self.proj(o)


class DiffusionUNet(nn.Module):
    def __init__(self, image_channels=1, channels=(32, 64, 64), num_classes=0, groups=8, heads=1):
        super().__init__()
        ch = list(channels)
        self.channels, self.num_classes = ch, num_classes
        c0, L = ch[0], len(ch)
        e = 4 * c0
        self.time = TimestepEmbedding(c0, e)
        if num_classes > 0:
            self.class_embed = nn.Embedding(num_classes + 1, e)
        self.input = nn.Conv2d(image_channels, c0, 3, padding=1)
        self.down, self.downsample = nn.ModuleList(), nn.ModuleList()
        c = c0
        for i in range(L):
            self.down.append(ResBlock(c, ch[i], e, groups))
            c = ch[i]
            if i < L - 1:
                self.downsample.append(nn.Conv2d(c, c, 3, stride=2, padding=1))
        self.mid1 = ResBlock(c, c, e, groups)
        self.attn = Attention(c, groups, heads)
        self.mid2 = ResBlock(c, c, e, groups)
        self.up, self.upsample = nn.ModuleList(), nn.ModuleList()
        for i in range(L - 1, -1, -1):
            self.up.append(ResBlock(c + ch[i], ch[i], e, groups))
            c = ch[i]
            if i > 0:
                self.upsample.append(nn.Conv2d(c, ch[i - 1], 3, padding=1))
                c = ch[i - 1]
        self.out_norm = nn.GroupNorm(groups, c0)
        self.output = nn.Conv2d(c0, image_channels, 3, padding=1)

    def forward(self, x, t, y=None):
        emb = self.time(t)
        if self.num_classes > 0:
            if y is None:
                y = torch.full((x.shape[0],), self.num_classes, dtype=torch.long)
            emb = emb + self.class_embed(y)
        L = len(self.channels)
        x = self.input(x)
        skips = []
        for i in range(L):
            x = self.down[i](x, emb)
            skips.append(x)
            if i < L - 1:
                x = self.downsample[i](x)
        x = self.mid2(self.attn(self.mid1(x, emb)), emb)
        for k in range(L):
            i = L - 1 - k
            x = self.up[k](torch.cat([x, skips[i]], 1), emb)
            if i > 0:
                x = self.upsample[k](F.interpolate(x, scale_factor=2.0, mode="nearest"))
        return self.output(F.silu(self.out_norm(x)))
