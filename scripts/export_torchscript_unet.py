#!/usr/bin/python3
"""Re-implements the project's native UNet in PyTorch, loads a model folder's safetensors weights
into it, and saves it as TorchScript with a "torchscript" manifest.

It serves two purposes: it proves the weights are portable (read with nothing but json + torch),
and it is the template for exporting your own checkpoint: any module with
forward(x: Tensor, t: Tensor) -> Tensor can be scripted and described by the same manifest
(docs/MODELS.md).

usage: /usr/bin/python3 scripts/export_torchscript_unet.py MODEL_DIR OUT_DIR
(needs Debian's python3-torch; the python3 first on PATH may not have torch)
"""
import hashlib
import json
import math
import os
import struct
import sys
from typing import List

import torch
import torch.nn as nn
import torch.nn.functional as F

DTYPES = {"F32": torch.float32, "F16": torch.float16, "F64": torch.float64,
          "I64": torch.int64, "I32": torch.int32, "U8": torch.uint8}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        buf = bytearray(data[8 + n + begin:8 + n + end])
        t = torch.frombuffer(buf, dtype=DTYPES[info["dtype"]]) if buf else torch.empty(0, dtype=DTYPES[info["dtype"]])
        out[name] = t.reshape(info["shape"]).clone()
    return out


def groups_for(channels):
    for g in (32, 16, 8, 4, 2):
        if channels % g == 0:
            return g
    return 1


def conv(cin, cout, k, stride=1):
    return nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2)


class ResBlock(nn.Module):
    def __init__(self, cin, cout, emb):
        super().__init__()
        self.norm1 = nn.GroupNorm(groups_for(cin), cin)
        self.conv1 = conv(cin, cout, 3)
        self.embed = nn.Linear(emb, cout)
        self.norm2 = nn.GroupNorm(groups_for(cout), cout)
        self.conv2 = conv(cout, cout, 3)
        self.skip = conv(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x, emb):
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.embed(F.silu(emb))[:, :, None, None]
        h = self.conv2(F.silu(self.norm2(h)))
        return self.skip(x) + h


class Attention(nn.Module):
    def __init__(self, channels, head_channels):
        super().__init__()
        self.heads = max(1, channels // head_channels)
        self.norm = nn.GroupNorm(groups_for(channels), channels)
        self.qkv = conv(channels, 3 * channels, 1)
        self.proj = conv(channels, channels, 1)

    def forward(self, x, emb):
        b, c, h, w = x.shape
        d = c // self.heads
        qkv = self.qkv(self.norm(x)).reshape(b * self.heads, 3 * d, h * w)
        q, k, v = qkv.chunk(3, dim=1)
        scale = 1.0 / math.sqrt(math.sqrt(d))
        weights = torch.einsum("bct,bcs->bts", q * scale, k * scale).softmax(-1)
        out = torch.einsum("bts,bcs->bct", weights, v).reshape(b, c, h, w)
        return x + self.proj(out)


class ResOnly(nn.Module):
    def __init__(self, cin, cout, emb):
        super().__init__()
        self.res = ResBlock(cin, cout, emb)

    def forward(self, x, emb):
        return self.res(x, emb)


class ResAttention(nn.Module):
    def __init__(self, cin, cout, emb, head_channels):
        super().__init__()
        self.res = ResBlock(cin, cout, emb)
        self.attn = Attention(cout, head_channels)

    def forward(self, x, emb):
        return self.attn(self.res(x, emb), emb)


class Down(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv = conv(c, c, 3, 2)

    def forward(self, x, emb):
        return self.conv(x)


class Up(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv = conv(c, c, 3)

    def forward(self, x, emb):
        return self.conv(F.interpolate(x, scale_factor=2.0, mode="nearest"))


def block(cin, cout, emb, attention, head_channels):
    return ResAttention(cin, cout, emb, head_channels) if attention else ResOnly(cin, cout, emb)


class UNet(nn.Module):
    def __init__(self, a):
        super().__init__()
        ch, mults, heads = a["base_channels"], a["channel_multipliers"], a["head_channels"]
        emb = 4 * ch
        self.base = ch
        attn = set(a["attention_downsampling"])
        self.time_embedding = nn.Sequential(nn.Linear(ch, emb), nn.SiLU(), nn.Linear(emb, emb))
        self.input_conv = conv(a["image_channels"], ch, 3)
        skips, cur, ds = [ch], ch, 1
        down = []
        for level, m in enumerate(mults):
            for _ in range(a["res_blocks_per_level"]):
                down.append(block(cur, m * ch, emb, ds in attn, heads))
                cur = m * ch
                skips.append(cur)
            if level + 1 < len(mults):
                down.append(Down(cur))
                skips.append(cur)
                ds *= 2
        self.down = nn.ModuleList(down)
        self.middle = nn.ModuleList([block(cur, cur, emb, a.get("middle_attention", True), heads),
                                     block(cur, cur, emb, False, heads)])
        up, takes = [], []
        for level in reversed(range(len(mults))):
            for _ in range(a["res_blocks_per_level"] + 1):
                up.append(block(cur + skips.pop(), mults[level] * ch, emb, ds in attn, heads))
                takes.append(True)
                cur = mults[level] * ch
            if level > 0:
                up.append(Up(cur))
                takes.append(False)
                ds //= 2
        self.up = nn.ModuleList(up)
        self.takes_skip: List[bool] = takes
        out = 2 * a["image_channels"] if a["learned_variance"] else a["image_channels"]
        self.output_norm = nn.GroupNorm(groups_for(cur), cur)
        self.output_conv = conv(cur, out, 3)

    def forward(self, x, t):
        half = self.base // 2
        freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32, device=x.device) / half)
        args = t.float()[:, None] * freqs[None, :]
        emb = self.time_embedding(torch.cat([torch.cos(args), torch.sin(args)], dim=1).to(x.dtype))
        h = self.input_conv(x)
        skips = [h]
        for layer in self.down:
            h = layer(h, emb)
            skips.append(h)
        for layer in self.middle:
            h = layer(h, emb)
        for i, layer in enumerate(self.up):
            if self.takes_skip[i]:
                h = torch.cat([h, skips.pop()], dim=1)
            h = layer(h, emb)
        return self.output_conv(F.silu(self.output_norm(h)))


def native_to_python_name(name):
    # C++: down3.res.conv1.weight ; Python: down.3.res.conv1.weight
    for prefix in ("down", "up", "middle"):
        if name.startswith(prefix) and name[len(prefix)].isdigit():
            rest = name[len(prefix):]
            index, tail = rest.split(".", 1)
            return f"{prefix}.{index}.{tail}"
    return name


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src, dst = sys.argv[1], sys.argv[2]
    manifest = json.load(open(os.path.join(src, "manifest.json")))
    if manifest.get("kind") != "unet":
        sys.exit("export_torchscript_unet: expected a native 'unet' model folder")
    net = UNet(manifest["architecture"])
    tensors = {native_to_python_name(k): v.float()
               for k, v in read_safetensors(os.path.join(src, manifest["weights"]["file"])).items()}
    net.load_state_dict(tensors, strict=True)
    net.eval()
    scripted = torch.jit.script(net)
    os.makedirs(dst, exist_ok=True)
    path = os.path.join(dst, "model.pt")
    scripted.save(path)
    digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
    out = {k: manifest[k] for k in ("name", "version", "licence", "data_source", "channels",
                                    "value_range", "resolution", "schedule", "prediction",
                                    "learned_variance")}
    out.update({"format": "ccdf-model/1", "kind": "torchscript", "conditioning": "index1000",
                "description": "TorchScript export of " + manifest["name"],
                "weights": {"file": "model.pt", "sha256": digest}})
    out["name"] = manifest["name"] + "-torchscript"
    if "clip_x0" in manifest:  # the same denoiser behaviour as the native model
        out["clip_x0"] = manifest["clip_x0"]
    with open(os.path.join(dst, "manifest.json"), "w") as f:
        json.dump(out, f, indent=2)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
