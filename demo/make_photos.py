#!/usr/bin/env python3
"""Draws the demo menu photos (stylised top-down food illustrations) with Pillow only.

    .venv/bin/python demo/make_photos.py

For every item of demo/chain.json it writes demo/photos/{slug}.jpg (800x600, <= 60 KB) and
demo/photos/{slug}.thumb.jpg (320x240, <= 15 KB). Deterministic (one seeded random
generator per slug, no other source of randomness) and idempotent: a file is rewritten only
when its bytes change. Pictures are drawn at twice the size and scaled down (anti-aliasing).
"""
from __future__ import annotations

import io
import json
import math
import random
import sys
import zlib
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageEnhance, ImageFilter, ImageOps

HERE = Path(__file__).resolve().parent
OUT = HERE / "photos"
W, H = 800, 600          # final size
S = 2                    # supersampling factor: everything is drawn at W*S x H*S
CW, CH = W * S, H * S
THUMB = (320, 240)
MAX_PHOTO, MAX_THUMB = 60_000, 15_000     # bytes

WHITE, BLACK = (255, 255, 255), (0, 0, 0)
_GRAD = Image.linear_gradient("L").rotate(45, resample=Image.BICUBIC).crop((40, 40, 216, 216))
_RADIAL = Image.radial_gradient("L")


# --------------------------------------------------------------------------- small helpers
def mix(a, b, t):
    return tuple(int(round(x + (y - x) * t)) for x, y in zip(a, b))


def jitter(rng, c, amount):
    return tuple(max(0, min(255, int(v + rng.uniform(-amount, amount)))) for v in c)


def gblur(img, r):
    return img.filter(ImageFilter.GaussianBlur(r)) if r > 0 else img


def scale_l(img, k):
    return img.point(lambda v: max(0, min(255, int(v * k))))


def noise(rng, size, blur=0.0):
    w, h = size
    img = Image.frombytes("L", (w, h), rng.randbytes(w * h))
    if blur:
        img = ImageOps.autocontrast(gblur(img, blur), cutoff=0.5)
    return img


def add_noise(img, rng, amount, blur=0.0, size=None):
    """Adds grey noise of +-amount levels; size (smaller than the image) stretches it into blotches."""
    n = noise(rng, size or img.size, blur)
    if n.size != img.size:
        n = n.resize(img.size, Image.BICUBIC)
    n = n.point(lambda v: int(128 + (v - 128) * amount / 128))
    return ImageChops.add(img, Image.merge("RGB", (n, n, n)), 1.0, -128)


def ellipse_pts(rx, ry, angle=0.0, cx=0.0, cy=0.0, n=72):
    ca, sa = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    pts = []
    for i in range(n):
        t = 2 * math.pi * i / n
        x, y = rx * math.cos(t), ry * math.sin(t)
        pts.append((cx + x * ca - y * sa, cy + x * sa + y * ca))
    return pts


def blob_pts(rng, r, irr=0.12, sx=1.0, sy=1.0, angle=0.0, lobes=None, n=90, cx=0.0, cy=0.0):
    """A closed organic outline: a circle whose radius wobbles by a few low harmonics."""
    harm = [(k, rng.uniform(-irr, irr) / (1 + 0.5 * (k - 2)), rng.uniform(0, 2 * math.pi)) for k in range(2, 7)]
    if lobes:
        harm.append((lobes[0], lobes[1], rng.uniform(0, 2 * math.pi)))
    ca, sa = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    pts = []
    for i in range(n):
        t = 2 * math.pi * i / n
        f = 1 + sum(a * math.sin(k * t + p) for k, a, p in harm)
        x, y = r * f * sx * math.cos(t), r * f * sy * math.sin(t)
        pts.append((cx + x * ca - y * sa, cy + x * sa + y * ca))
    return pts


def rrect_pts(w, h, rad, angle=0.0, cx=0.0, cy=0.0, n=10):
    rad = min(rad, w / 2, h / 2)
    corners = [(w / 2 - rad, h / 2 - rad, 0), (-w / 2 + rad, h / 2 - rad, 90),
               (-w / 2 + rad, -h / 2 + rad, 180), (w / 2 - rad, -h / 2 + rad, 270)]
    ca, sa = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    pts = []
    for qx, qy, a0 in corners:
        for i in range(n + 1):
            t = math.radians(a0 + 90 * i / n)
            x, y = qx + rad * math.cos(t), qy + rad * math.sin(t)
            pts.append((cx + x * ca - y * sa, cy + x * sa + y * ca))
    return pts


def arc_pts(r, a0, a1, cx=0.0, cy=0.0, n=40):
    return [(cx + r * math.cos(math.radians(a0 + (a1 - a0) * i / n)),
             cy + r * math.sin(math.radians(a0 + (a1 - a0) * i / n))) for i in range(n + 1)]


def rotate_pts(pts, angle, cx=0.0, cy=0.0):
    ca, sa = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    return [(cx + x * ca - y * sa, cy + x * sa + y * ca) for x, y in pts]


# --------------------------------------------------------------------------- shapes
class Shape:
    """A mask centred on the local origin (final-size units), with an albedo drawn in the same frame."""

    def __init__(self, polys, th, pad=None):
        radius = max(max(abs(x), abs(y)) for pts, _ in polys for x, y in pts)
        self.th = th                                   # typical half-thickness, drives the shading
        self.o = radius + (pad if pad is not None else 10 + 0.25 * th)
        size = int(math.ceil(2 * self.o * S))
        self.mask = Image.new("L", (size, size), 0)
        draw = ImageDraw.Draw(self.mask)
        for pts, fill in polys:
            draw.polygon([self.xy(x, y) for x, y in pts], fill=fill)
        self.albedo = None

    def xy(self, x, y):
        return ((x + self.o) * S, (y + self.o) * S)

    def paint(self, color):
        self.albedo = Image.new("RGB", self.mask.size, color)
        return ImageDraw.Draw(self.albedo)

    def overlay(self):
        layer = Image.new("RGBA", self.mask.size, (0, 0, 0, 0))
        return layer, ImageDraw.Draw(layer)

    def merge(self, layer):
        self.albedo = Image.alpha_composite(self.albedo.convert("RGBA"), layer).convert("RGB")


def ellipse(rx, ry=None, angle=0.0, **kw):
    ry = rx if ry is None else ry
    return Shape([(ellipse_pts(rx, ry, angle), 255)], min(rx, ry), **kw)


def blob(rng, r, irr=0.12, sx=1.0, sy=1.0, angle=0.0, lobes=None, **kw):
    return Shape([(blob_pts(rng, r, irr, sx, sy, angle, lobes), 255)], r * min(sx, sy), **kw)


def rrect(w, h, rad, angle=0.0, **kw):
    return Shape([(rrect_pts(w, h, rad, angle), 255)], min(w, h) / 2, **kw)


def ring(r_out, r_in, **kw):
    return Shape([(ellipse_pts(r_out, r_out), 255), (ellipse_pts(r_in, r_in), 0)], (r_out - r_in) / 2, **kw)


def poly(pts, th, **kw):
    return Shape([(pts, 255)], th, **kw)


# --------------------------------------------------------------------------- the painter
class Scene:
    def __init__(self, rng):
        self.rng = rng
        self.img = Image.new("RGB", (CW, CH), (128, 128, 128))

    # -- low level
    def _origin(self, shp, cx, cy):
        return int(round((cx - shp.o) * S)), int(round((cy - shp.o) * S))

    def shadow(self, shp, cx, cy, off=(6, 8), blur=8, alpha=0.4, color=BLACK):
        m = scale_l(gblur(shp.mask, blur * S), alpha)
        x, y = self._origin(shp, cx + off[0], cy + off[1])
        self.img.paste(Image.new("RGB", m.size, color), (x, y), m)

    def put(self, shp, cx, cy, color=None, *, shade=0.3, light=0.14, rim=0.5, bevel=0.35, gloss=0.0,
            tex=6, tex_blur=0.0, shadow=0.4, sh_off=None, sh_blur=None, alpha=1.0, concave=False,
            rim_k=0.35):
        """Shades the shape (light from the top left) and composites it at (cx, cy)."""
        rng, th, mask = self.rng, shp.th, shp.mask
        base = shp.albedo if shp.albedo is not None else Image.new("RGB", mask.size, color)
        size = mask.size
        if shadow:
            off = sh_off or (1.5 + 0.14 * th, 2 + 0.2 * th)
            self.shadow(shp, cx, cy, off, sh_blur if sh_blur is not None else 1.5 + 0.16 * th, shadow)
        grad = _GRAD.resize(size, Image.BILINEAR)
        if concave:
            grad = ImageOps.invert(grad)
        lit = Image.composite(ImageEnhance.Brightness(base).enhance(1 - shade),
                              ImageEnhance.Brightness(base).enhance(1 + light), grad)
        if rim:
            soft = gblur(mask, max(1.0, rim_k * th * S))
            edge = scale_l(ImageChops.subtract(mask, soft), 2 * rim)
            lit = Image.composite(ImageEnhance.Brightness(base).enhance(0.5), lit, edge)
        if bevel:
            k = max(1, int(0.12 * th * S))
            k = -k if concave else k
            soft = gblur(mask, max(1.0, 0.08 * th * S))
            band = gblur(ImageChops.subtract(mask, ImageChops.offset(soft, k, k)), max(1.0, 0.05 * th * S))
            band = ImageChops.multiply(scale_l(band, bevel), mask)
            lit = Image.composite(Image.new("RGB", size, WHITE), lit, band)
        if gloss:
            spot = Image.new("L", size, 0)
            c = shp.o * S
            ImageDraw.Draw(spot).ellipse([c - 0.62 * th * S, c - 0.58 * th * S, c - 0.12 * th * S, c - 0.28 * th * S],
                                         fill=int(255 * gloss))
            spot = ImageChops.multiply(gblur(spot, max(1.0, 0.1 * th * S)), mask)
            lit = Image.composite(Image.new("RGB", size, WHITE), lit, spot)
        if tex:
            lit = add_noise(lit, rng, tex, tex_blur)
        m = mask if alpha >= 1 else scale_l(mask, alpha)
        self.img.paste(lit, self._origin(shp, cx, cy), m)

    def layer(self):
        lay = Image.new("RGBA", (CW, CH), (0, 0, 0, 0))
        return lay, ImageDraw.Draw(lay)

    def flush(self, lay, blur=0.0):
        if blur:
            lay = gblur(lay, blur)
        self.img = Image.alpha_composite(self.img.convert("RGBA"), lay).convert("RGB")

    @staticmethod
    def p(pts):
        return [(x * S, y * S) for x, y in pts]

    # -- backgrounds
    def wood(self, base=(150, 100, 62), plank=150, vertical=False, knots=2):
        rng = self.rng
        img = Image.new("RGB", (CW, CH) if not vertical else (CH, CW), base)
        d = ImageDraw.Draw(img)
        length, across = img.size
        y0 = -rng.uniform(0, plank)
        while y0 < across / S:
            tone = mix(base, BLACK if rng.random() < 0.5 else WHITE, rng.uniform(0, 0.12))
            d.rectangle([0, y0 * S, length, (y0 + plank) * S], fill=tone)
            for _ in range(int(plank * 0.7)):
                y = y0 + rng.uniform(0, plank)
                amp, freq, ph = rng.uniform(0.5, 4), rng.uniform(0.002, 0.01), rng.uniform(0, 6.3)
                col = mix(tone, (40, 20, 5) if rng.random() < 0.6 else (235, 200, 150), rng.uniform(0.05, 0.25))
                pts = [(x * S, (y + amp * math.sin(x * freq + ph) + 1.5 * math.sin(x * freq * 5 + ph)) * S)
                       for x in range(-10, length // S + 10, 12)]
                d.line(pts, fill=col, width=rng.choice([1, 1, 2, 3]))
            for _ in range(knots if rng.random() < 0.7 else 0):
                kx, ky = rng.uniform(0, length / S), y0 + rng.uniform(0.25, 0.75) * plank
                for i in range(9, 0, -1):
                    d.ellipse([(kx - i * 5) * S, (ky - i * 1.6) * S, (kx + i * 5) * S, (ky + i * 1.6) * S],
                              outline=mix(tone, (50, 25, 8), 0.08 + 0.03 * (9 - i)), width=2)
            d.line([(0, y0 * S), (length, y0 * S)], fill=mix(tone, BLACK, 0.55), width=5)
            d.line([(0, y0 * S + 5), (length, y0 * S + 5)], fill=mix(tone, WHITE, 0.12), width=2)
            y0 += plank
        img = gblur(img, 1.2)
        small = (max(1, img.size[0] // 90), img.size[1] // 3)
        img = add_noise(img, rng, 20, size=small)
        img = add_noise(img, rng, 7)
        if vertical:
            img = img.transpose(Image.Transpose.ROTATE_90)
        self.img = img

    def slate(self, base=(60, 62, 66)):
        rng = self.rng
        img = Image.new("RGB", (CW, CH), base)
        img = add_noise(img, rng, 22, blur=1.5, size=(CW // 100, CH // 100))
        img = add_noise(img, rng, 10, blur=1, size=(CW // 12, CH // 12))
        d = ImageDraw.Draw(img)
        for _ in range(30):
            x, y = rng.uniform(0, W), rng.uniform(0, H)
            a, ln = rng.uniform(0, 6.3), rng.uniform(20, 90)
            d.line([(x * S, y * S), ((x + ln * math.cos(a)) * S, (y + ln * math.sin(a)) * S)],
                   fill=mix(base, WHITE, rng.uniform(0.03, 0.1)), width=1)
        self.img = add_noise(gblur(img, 0.8), rng, 10)

    def linen(self, base=(232, 222, 204)):
        rng = self.rng
        img = Image.new("RGB", (CW, CH), base)
        d = ImageDraw.Draw(img)
        for i in range(0, max(CW, CH), 4):
            if i < CH:
                d.line([(0, i), (CW, i)], fill=mix(base, (120, 100, 70), rng.uniform(0.02, 0.12)), width=1)
            if i < CW:
                d.line([(i, 0), (i, CH)], fill=mix(base, (120, 100, 70), rng.uniform(0.02, 0.10)), width=1)
        img = gblur(img, 0.7)
        img = add_noise(img, rng, 14, size=(CW // 200, CH // 200))
        self.img = add_noise(img, rng, 8)

    def marble(self, base=(236, 233, 228)):
        rng = self.rng
        img = Image.new("RGB", (CW, CH), base)
        img = add_noise(img, rng, 10, size=(CW // 150, CH // 150))
        lay = Image.new("RGBA", (CW, CH), (0, 0, 0, 0))
        d = ImageDraw.Draw(lay)
        for _ in range(7):
            x, y = rng.uniform(-100, W), rng.uniform(0, H)
            a = rng.uniform(-0.6, 0.6)
            pts = []
            for _ in range(70):
                a += rng.uniform(-0.35, 0.35)
                x, y = x + 14 * math.cos(a), y + 14 * math.sin(a)
                pts.append((x * S, y * S))
            d.line(pts, fill=(150, 145, 150, rng.randint(60, 140)), width=rng.randint(2, 6), joint="curve")
        lay = gblur(lay, 3)
        img = Image.alpha_composite(img.convert("RGBA"), lay).convert("RGB")
        self.img = add_noise(img, rng, 6)

    def tiles(self, base=(196, 110, 70), size=150):
        """Terracotta floor-style tiles (a rustic table top)."""
        rng = self.rng
        img = Image.new("RGB", (CW, CH), mix(base, (90, 70, 60), 0.5))
        d = ImageDraw.Draw(img)
        for ty in range(-1, H // size + 2):
            for tx in range(-1, W // size + 2):
                c = jitter(rng, base, 16)
                x0, y0 = tx * size + 3, ty * size + 3
                d.rounded_rectangle([x0 * S, y0 * S, (x0 + size - 6) * S, (y0 + size - 6) * S], radius=8 * S, fill=c)
        img = gblur(img, 1.5)
        img = add_noise(img, rng, 18, size=(CW // 40, CH // 40))
        self.img = add_noise(img, rng, 9)

    def vignette(self, strength=0.45):
        v = _RADIAL.resize((CW, CH), Image.BILINEAR).point(lambda x: int(max(0, x - 90) * strength * 1.6))
        self.img.paste(Image.new("RGB", (CW, CH), BLACK), (0, 0), v)

    def textile(self, cx, cy, w, h, angle, palette=None):
        """A folded Andean striped cloth (manta) under the dish."""
        rng = self.rng
        palette = palette or [(190, 30, 45), (240, 150, 20), (250, 210, 50), (30, 120, 90), (40, 70, 150),
                              (230, 90, 120), (20, 20, 30), (245, 240, 225)]
        shp = rrect(w, h, 6, 0)
        d = shp.paint(palette[0])
        y = -h / 2
        i = 0
        while y < h / 2:
            sw = rng.choice([4, 6, 10, 16, 26])
            col = palette[(i * 3 + rng.randint(0, 2)) % len(palette)]
            d.rectangle([*shp.xy(-w / 2, y), *shp.xy(w / 2, y + sw)], fill=col)
            if sw >= 16:
                for x in range(int(-w / 2), int(w / 2), 14):
                    d.polygon([shp.xy(x, y + sw / 2), shp.xy(x + 7, y + 2), shp.xy(x + 14, y + sw / 2),
                               shp.xy(x + 7, y + sw - 2)], fill=palette[(i + 4) % len(palette)])
            y += sw
            i += 1
        for yy in range(0, shp.albedo.size[1], 3):
            if rng.random() < 0.15:
                d.line([(0, yy), (shp.albedo.size[0], yy)], fill=(0, 0, 0), width=1)
        shp.albedo = shp.albedo.rotate(angle, resample=Image.BICUBIC)
        shp.mask = shp.mask.rotate(angle, resample=Image.BICUBIC)
        self.put(shp, cx, cy, shade=0.12, light=0.05, rim=0.1, bevel=0.1, tex=14, shadow=0.3,
                 sh_off=(3, 4), sh_blur=4)

    # -- tableware
    def plate(self, cx, cy, r, color=(247, 245, 240), well=0.74, band=None, shadow=0.45):
        self.shadow(ellipse(r), cx, cy, (10, 14), 16, shadow)
        self.put(ellipse(r), cx, cy, color, shade=0.1, light=0.03, rim=0.25, rim_k=0.06, bevel=0.6, tex=3,
                 shadow=0)
        if band:
            self.put(ring(r * 0.94, r * 0.89), cx, cy, band, shade=0.05, light=0, rim=0, bevel=0, tex=3,
                     shadow=0, alpha=0.9)
        self.put(ellipse(r * well), cx, cy, mix(color, (200, 195, 185), 0.15), shade=0.1, light=0.04, rim=0.3,
                 rim_k=0.08, bevel=0.55, tex=3, shadow=0, concave=True)

    def board(self, cx, cy, w, h, angle=0, base=(160, 110, 65)):
        rng = self.rng
        shp = rrect(w, h, 22, 0)
        d = shp.paint(base)
        for _ in range(90):
            y = rng.uniform(-h / 2, h / 2)
            pts = [shp.xy(x, y + 2 * math.sin(x * 0.02 + y)) for x in range(int(-w / 2), int(w / 2), 10)]
            d.line(pts, fill=mix(base, (60, 30, 10), rng.uniform(0.05, 0.25)), width=rng.choice([1, 2]))
        shp.albedo = gblur(shp.albedo, 1).rotate(angle, resample=Image.BICUBIC)
        shp.mask = shp.mask.rotate(angle, resample=Image.BICUBIC)
        shp.th = min(w, h) / 2
        self.put(shp, cx, cy, shade=0.15, light=0.06, rim=0.3, rim_k=0.05, bevel=0.5, tex=10, shadow=0.5,
                 sh_off=(9, 12), sh_blur=12)

    def bowl(self, cx, cy, r, color=(245, 242, 235), inner=None, shadow=0.45):
        self.shadow(ellipse(r), cx, cy, (9, 13), 14, shadow)
        self.put(ellipse(r), cx, cy, color, shade=0.15, light=0.03, rim=0.35, rim_k=0.05, bevel=0.6, tex=3,
                 shadow=0)
        self.put(ellipse(r * 0.9), cx, cy, inner or mix(color, (150, 140, 130), 0.12), shade=0.25, light=0.05,
                 rim=0.25, rim_k=0.15, bevel=0.5, tex=3, shadow=0, concave=True)
        return r * 0.84

    def glass(self, cx, cy, r, liquid, depth=0.35, alpha=0.9):
        """A tumbler seen from above; returns the radius of the drink surface."""
        tint = mix(liquid, BLACK, 0.3)
        self.shadow(ellipse(r * 1.02), cx, cy, (14, 18), 16, 0.28)
        self.shadow(ellipse(r * 0.8), cx, cy, (20, 26), 12, 0.18, color=tint)
        self.put(ellipse(r), cx, cy, (235, 240, 240), shade=0.15, light=0.05, rim=0.6, rim_k=0.05, bevel=0.9,
                 tex=2, shadow=0, alpha=0.45)
        surface = ellipse(r * 0.9)
        d = surface.paint(liquid)
        lay, ld = surface.overlay()
        ld.ellipse([*surface.xy(-r * 0.5, -r * 0.5), *surface.xy(r * 0.5, r * 0.5)], fill=(*BLACK, int(255 * depth)))
        surface.merge(gblur(lay, r * 0.3 * S))
        self.put(surface, cx, cy, shade=0.2, light=0.15, rim=0.15, rim_k=0.1, bevel=0.5, tex=3, shadow=0,
                 alpha=alpha, concave=True)
        lay, ld = self.layer()
        ld.arc([(cx - r * 0.96) * S, (cy - r * 0.96) * S, (cx + r * 0.96) * S, (cy + r * 0.96) * S], 190, 260,
               fill=(255, 255, 255, 200), width=int(2.5 * S))
        ld.arc([(cx - r * 0.96) * S, (cy - r * 0.96) * S, (cx + r * 0.96) * S, (cy + r * 0.96) * S], 20, 60,
               fill=(255, 255, 255, 120), width=int(1.5 * S))
        ld.ellipse([(cx - r) * S, (cy - r) * S, (cx + r) * S, (cy + r) * S], outline=(255, 255, 255, 150),
                   width=int(1.2 * S))
        self.flush(lay, 1)
        return r * 0.88

    def ice(self, cx, cy, size, angle, tint=(230, 240, 245)):
        shp = rrect(size, size * self.rng.uniform(0.85, 1.1), size * 0.22, angle)
        self.put(shp, cx, cy, tint, shade=0.1, light=0.2, rim=0.6, bevel=0.9, gloss=0.6, tex=4, shadow=0.15,
                 alpha=0.55)

    def fork(self, cx, cy, angle=90, length=230):
        metal = (196, 198, 204)
        pts = rrect_pts(length * 0.55, 14, 7, 0, cx=-length * 0.2)
        head = rrect_pts(length * 0.32, 36, 10, 0, cx=length * 0.27)
        shp = Shape([(rotate_pts(pts, angle), 255), (rotate_pts(head, angle), 255)], 7)
        d = ImageDraw.Draw(shp.mask)
        for gy in (-9, 0, 9):      # the gaps between the four tines
            gap = rotate_pts(rrect_pts(length * 0.22, 3.2, 1.6, 0, cx=length * 0.35, cy=gy), angle)
            d.polygon([shp.xy(x, y) for x, y in gap], fill=0)
        self.put(shp, cx, cy, metal, shade=0.45, light=0.2, rim=0.5, bevel=0.9, gloss=0.5, tex=3, shadow=0.45,
                 sh_off=(4, 6), sh_blur=4)

    def knife(self, cx, cy, angle=90, length=240):
        metal = (200, 202, 208)
        handle = rrect_pts(length * 0.45, 15, 7, 0, cx=-length * 0.27)
        blade = [(-length * 0.05, -7), (length * 0.42, -9), (length * 0.5, -2), (length * 0.46, 8), (-length * 0.05, 7)]
        shp = Shape([(rotate_pts(handle, angle), 255), (rotate_pts(blade, angle), 255)], 7)
        self.put(shp, cx, cy, metal, shade=0.45, light=0.2, rim=0.5, bevel=0.9, gloss=0.5, tex=3, shadow=0.45,
                 sh_off=(4, 6), sh_blur=4)

    def spoon(self, cx, cy, angle=0, length=140):
        metal = (200, 202, 208)
        handle = rrect_pts(length * 0.7, 9, 4.5, 0, cx=-length * 0.2)
        bowl = ellipse_pts(length * 0.18, length * 0.12, 0, cx=length * 0.3)
        shp = Shape([(rotate_pts(handle, angle), 255), (rotate_pts(bowl, angle), 255)], 6)
        self.put(shp, cx, cy, metal, shade=0.45, light=0.2, rim=0.5, bevel=0.9, gloss=0.4, tex=3, shadow=0.4,
                 sh_off=(3, 5), sh_blur=3)

    # -- food parts
    def grains(self, draw, to_xy, region, n, colors, length=7.0, width=3.0, shadow=True):
        """Rice-like grains scattered in region(x, y) -> bool (local units), drawn through to_xy."""
        rng = self.rng
        for _ in range(n):
            for _ in range(20):
                x, y = rng.uniform(-1, 1), rng.uniform(-1, 1)
                if region(x, y):
                    break
            else:
                continue
            px, py = region.scale * x + region.cx, region.scale * y + region.cy
            a = rng.uniform(0, 180)
            ln = length * rng.uniform(0.8, 1.15)
            if shadow:
                pts = ellipse_pts(ln / 2, width / 2, a, px + 0.8, py + 1.1, n=14)
                draw.polygon([to_xy(*q) for q in pts], fill=(60, 40, 20, 40))
            col = rng.choice(colors)
            draw.polygon([to_xy(*q) for q in ellipse_pts(ln / 2, width / 2, a, px, py, n=14)], fill=(*col, 255))
            hl = mix(col, WHITE, 0.55)
            draw.polygon([to_xy(*q) for q in ellipse_pts(ln / 3, width / 5, a, px - 0.4, py - 0.5, n=10)],
                         fill=(*hl, 200))

    def rice_dome(self, cx, cy, r, base=(242, 239, 230), colors=None, n=None, parsley=True):
        rng = self.rng
        shp = blob(rng, r, 0.04)
        shp.paint(base)
        lay, ld = shp.overlay()
        colors = colors or [(250, 249, 243), (244, 241, 232), (236, 231, 218), (252, 251, 248)]
        region = Region(0, 0, r, lambda x, y: x * x + y * y < 0.96)
        self.grains(ld, shp.xy, region, n or int(r * r * 0.16), colors)
        shp.merge(lay)
        self.put(shp, cx, cy, shade=0.2, light=0.06, rim=0.3, rim_k=0.45, bevel=0.2, tex=4, shadow=0.5)
        if parsley:
            self.sprinkle(cx, cy, r * 0.35, [(60, 130, 40), (90, 160, 50), (40, 100, 30)], 25, 2.2)

    def sprinkle(self, cx, cy, r, colors, n, size, alpha=255, square=True):
        rng = self.rng
        lay, d = self.layer()
        for _ in range(n):
            a, rr = rng.uniform(0, 2 * math.pi), r * math.sqrt(rng.random())
            x, y = cx + rr * math.cos(a), cy + rr * math.sin(a)
            s = size * rng.uniform(0.6, 1.4)
            col = (*rng.choice(colors), alpha)
            if square:
                d.polygon(self.p(rrect_pts(s * 1.2, s, s * 0.3, rng.uniform(0, 90), x, y, n=2)), fill=col)
            else:
                d.ellipse([(x - s) * S, (y - s) * S, (x + s) * S, (y + s) * S], fill=col)
        self.flush(lay)

    def dust(self, cx, cy, r, color, n, alpha=170):
        """Fine powder (cinnamon): soft dots, denser in the middle."""
        rng = self.rng
        lay, d = self.layer()
        for _ in range(n):
            a, rr = rng.uniform(0, 2 * math.pi), r * rng.random() ** 0.8
            x, y = cx + rr * math.cos(a), cy + rr * math.sin(a)
            s = rng.uniform(0.5, 1.6)
            d.ellipse([(x - s) * S, (y - s) * S, (x + s) * S, (y + s) * S], fill=(*jitter(rng, color, 15), alpha))
        self.flush(lay, 0.6)

    def leaf(self, cx, cy, size, angle, color=(62, 140, 52), lobed=True):
        """Cilantro / parsley leaf (lobed) or a mint leaf."""
        rng = self.rng
        shp = blob(rng, size, 0.08, 1.0, 0.9, angle, lobes=(3, 0.28) if lobed else None)
        d = shp.paint(jitter(rng, color, 10))
        for k in range(3 if lobed else 1):
            a = math.radians(angle + 120 * k)
            d.line([shp.xy(0, 0), shp.xy(size * 0.8 * math.cos(a), size * 0.8 * math.sin(a))],
                   fill=mix(color, WHITE, 0.35), width=max(1, int(size * 0.12 * S)))
        self.put(shp, cx, cy, shade=0.25, light=0.25, rim=0.3, bevel=0.4, tex=5, shadow=0.35)

    def mint(self, cx, cy, size, angle):
        rng = self.rng
        pts = []
        for i in range(40):
            t = 2 * math.pi * i / 40
            x = size * math.cos(t)
            y = size * 0.55 * math.sin(t) * (1 - 0.3 * math.cos(t))
            y += (0.06 * size * math.sin(18 * t))
            pts.append((x, y))
        shp = poly(rotate_pts(pts, angle), size * 0.5)
        d = shp.paint((50, 125, 45))
        a = math.radians(angle)
        d.line([shp.xy(-size * math.cos(a), -size * math.sin(a)), shp.xy(size * math.cos(a), size * math.sin(a))],
               fill=(130, 190, 110), width=int(1.5 * S))
        for k in range(-3, 4):
            bx, by = size * 0.25 * k * math.cos(a), size * 0.25 * k * math.sin(a)
            for sgn in (-1, 1):
                ex = bx + size * 0.35 * math.cos(a + sgn * 1.0)
                ey = by + size * 0.35 * math.sin(a + sgn * 1.0)
                d.line([shp.xy(bx, by), shp.xy(ex, ey)], fill=(95, 165, 80), width=S)
        self.put(shp, cx, cy, shade=0.3, light=0.2, rim=0.3, bevel=0.4, gloss=0.2, tex=5, shadow=0.4)

    def onion_sliver(self, cx, cy, r, angle, thick=5.0, span=110):
        """A slice of red onion: a curved strip, purple on the outside, pale pink inside."""
        outer = arc_pts(r, angle, angle + span, n=24)
        inner = arc_pts(r - thick, angle + span, angle, n=24)
        shp = poly(outer + inner, thick / 2 + 2)
        d = shp.paint((236, 196, 222))
        d.line([shp.xy(*q) for q in arc_pts(r - thick * 0.15, angle, angle + span, n=24)], fill=(150, 30, 100),
               width=max(2, int(thick * 0.45 * S)), joint="curve")
        self.put(shp, cx, cy, shade=0.15, light=0.2, rim=0.3, bevel=0.6, gloss=0.3, tex=3, shadow=0.35)

    def pepper_ring(self, cx, cy, r, color=(210, 40, 30)):
        shp = ring(r, r * 0.62)
        d = shp.paint(color)
        for i in range(5):
            a = self.rng.uniform(0, 2 * math.pi)
            d.ellipse([*shp.xy(r * 0.45 * math.cos(a) - 1.5, r * 0.45 * math.sin(a) - 1.5),
                       *shp.xy(r * 0.45 * math.cos(a) + 1.5, r * 0.45 * math.sin(a) + 1.5)], fill=(240, 220, 160))
        self.put(shp, cx, cy, shade=0.2, light=0.2, rim=0.4, bevel=0.6, gloss=0.3, tex=3, shadow=0.35)

    def lime_wheel(self, cx, cy, r, angle=0.0, peel=(70, 140, 40), flesh=(196, 220, 100), pith=(232, 238, 200),
                   segments=10, dome=False):
        shp = ellipse(r)
        d = shp.paint(peel)
        d.ellipse([*shp.xy(-r * 0.9, -r * 0.9), *shp.xy(r * 0.9, r * 0.9)], fill=pith)
        for i in range(segments):
            a0 = angle + 360 * i / segments + 4
            a1 = angle + 360 * (i + 1) / segments - 4
            pts = [(r * 0.14 * math.cos(math.radians((a0 + a1) / 2)), r * 0.14 * math.sin(math.radians((a0 + a1) / 2)))]
            pts += arc_pts(r * 0.8, a0, a1, n=8)
            d.polygon([shp.xy(*q) for q in pts], fill=jitter(self.rng, flesh, 8))
            mid = math.radians((a0 + a1) / 2)
            d.line([shp.xy(r * 0.3 * math.cos(mid), r * 0.3 * math.sin(mid)),
                    shp.xy(r * 0.7 * math.cos(mid), r * 0.7 * math.sin(mid))], fill=mix(flesh, WHITE, 0.4), width=S)
        shp.albedo = add_noise(shp.albedo, self.rng, 8)
        self.put(shp, cx, cy, shade=0.2 if not dome else 0.35, light=0.15, rim=0.3 if not dome else 0.5,
                 bevel=0.5, gloss=0.35, tex=3, shadow=0.4 if not dome else 0.5)

    def lime_wedge(self, cx, cy, r, angle, peel=(70, 140, 40), flesh=(200, 222, 110)):
        pts = arc_pts(r, 0, 180, n=30)
        shp = poly(rotate_pts([(x, y - r * 0.45) for x, y in pts], angle), r * 0.45)
        d = shp.paint(peel)
        inner = rotate_pts([(x, y - r * 0.45) for x, y in arc_pts(r * 0.82, 0, 180, n=30)], angle)
        d.polygon([shp.xy(*q) for q in inner], fill=(230, 236, 196))
        inner2 = rotate_pts([(x, y - r * 0.45) for x, y in arc_pts(r * 0.75, 3, 177, n=30)], angle)
        d.polygon([shp.xy(*q) for q in inner2], fill=flesh)
        for k in range(1, 5):
            a = math.radians(180 * k / 5)
            seg = rotate_pts([(0, -r * 0.45), (r * 0.75 * math.cos(a), r * 0.75 * math.sin(a) - r * 0.45)], angle)
            d.line([shp.xy(*q) for q in seg], fill=(235, 240, 205), width=int(1.3 * S))
        shp.albedo = add_noise(shp.albedo, self.rng, 8)
        self.put(shp, cx, cy, shade=0.3, light=0.15, rim=0.35, bevel=0.5, gloss=0.3, tex=3, shadow=0.5)

    def olive(self, cx, cy, r=9.0, angle=0.0):
        self.put(ellipse(r * 1.25, r, angle), cx, cy, (52, 28, 42), shade=0.4, light=0.4, rim=0.5, bevel=0.5,
                 gloss=0.85, tex=3, shadow=0.5)

    def egg_half(self, cx, cy, r, angle=0.0):
        shp = ellipse(r * 1.3, r, angle)
        d = shp.paint((250, 248, 240))
        d.ellipse([*shp.xy(-r * 0.55, -r * 0.55), *shp.xy(r * 0.55, r * 0.55)], fill=(246, 196, 50))
        self.put(shp, cx, cy, shade=0.2, light=0.1, rim=0.4, bevel=0.5, gloss=0.3, tex=4, shadow=0.45)

    def egg_wedge(self, cx, cy, r, angle):
        """A quarter of a boiled egg seen from the side: white half-moon, yolk along the cut."""
        pts = [(x, y - r * 0.3) for x, y in ellipse_pts(r, r * 0.62, 0, n=40) if y >= -1e-9]
        pts = [(r, -r * 0.3)] + pts + [(-r, -r * 0.3)]
        shp = poly(rotate_pts(pts, angle), r * 0.35)
        d = shp.paint((250, 249, 243))
        yolk = [(x * 0.82, -r * 0.3 + (y + r * 0.3) * 0.55) for x, y in pts]
        d.polygon([shp.xy(*q) for q in rotate_pts(yolk, angle)], fill=(248, 200, 60))
        self.put(shp, cx, cy, shade=0.2, light=0.1, rim=0.4, bevel=0.5, gloss=0.3, tex=4, shadow=0.45)

    def egg_slice(self, cx, cy, r):
        shp = ellipse(r)
        d = shp.paint((250, 249, 243))
        d.ellipse([*shp.xy(-r * 0.55, -r * 0.5), *shp.xy(r * 0.5, r * 0.55)], fill=(248, 205, 70))
        self.put(shp, cx, cy, shade=0.15, light=0.05, rim=0.3, bevel=0.5, tex=4, shadow=0.35)

    def corn_cob(self, cx, cy, length, width, angle, kernel=(246, 218, 120), gap=(200, 165, 80), cut=True):
        rng = self.rng
        shp = rrect(length, width, width * 0.35 if cut else width * 0.5, 0)
        d = shp.paint(gap)
        rows = max(3, int(width / 11))
        cols = max(3, int(length / 11))
        kw, kh = length / cols, width / rows
        for i in range(cols):
            for j in range(rows):
                x = -length / 2 + (i + 0.5) * kw + (kw * 0.25 if j % 2 else 0)
                y = -width / 2 + (j + 0.5) * kh
                if abs(x) > length / 2 - 2:
                    continue
                c = jitter(rng, kernel, 12)
                d.rounded_rectangle([*shp.xy(x - kw * 0.44, y - kh * 0.42), *shp.xy(x + kw * 0.44, y + kh * 0.42)],
                                    radius=kh * 0.3 * S, fill=c)
                d.ellipse([*shp.xy(x - kw * 0.22, y - kh * 0.3), *shp.xy(x + kw * 0.05, y - kh * 0.05)],
                          fill=mix(c, WHITE, 0.45))
        shp.albedo = shp.albedo.rotate(angle, resample=Image.BICUBIC)
        shp.mask = shp.mask.rotate(angle, resample=Image.BICUBIC)
        self.put(shp, cx, cy, shade=0.3, light=0.12, rim=0.7, rim_k=0.5, bevel=0.3, tex=5, shadow=0.5)

    def bean(self, cx, cy, size, color, angle):
        shp = ellipse(size, size * 0.65, angle)
        d = shp.paint(jitter(self.rng, color, 10))
        self.put(shp, cx, cy, shade=0.25, light=0.2, rim=0.4, bevel=0.5, gloss=0.4, tex=4, shadow=0.35)

    def cinnamon_stick(self, cx, cy, length, angle, width=15):
        shp = rrect(length, width, 3, 0)
        d = shp.paint((150, 82, 42))
        for k in (-0.3, 0.05, 0.32):
            d.line([shp.xy(-length / 2, width * k), shp.xy(length / 2, width * k)], fill=(105, 52, 22),
                   width=int(1.5 * S))
        d.ellipse([*shp.xy(length / 2 - 6, -width / 2), *shp.xy(length / 2 + 6, width / 2)], outline=(100, 50, 20),
                  width=S * 2)
        shp.albedo = add_noise(shp.albedo, self.rng, 16).rotate(angle, resample=Image.BICUBIC)
        shp.mask = shp.mask.rotate(angle, resample=Image.BICUBIC)
        self.put(shp, cx, cy, shade=0.3, light=0.15, rim=0.6, rim_k=0.5, bevel=0.4, tex=6, shadow=0.5)

    def clove(self, cx, cy, angle):
        pts = rotate_pts([(-9, -1.5), (4, -1.5), (4, 1.5), (-9, 1.5)], angle)
        shp = Shape([(pts, 255), (ellipse_pts(4, 4, 0, *rotate_pts([(6, 0)], angle)[0]), 255)], 2.5)
        self.put(shp, cx, cy, (70, 38, 22), shade=0.3, light=0.2, rim=0.4, bevel=0.4, tex=5, shadow=0.45)

    def sauce(self, cx, cy, r, color, irr=0.18, sx=1.0, sy=1.0, angle=0.0, gloss=0.5, alpha=1.0, sparkle=4, tex=5,
              detail=None, shadow=0.2, shade=0.2, rim=0.3):
        """A glossy pool of sauce; detail(draw, shape) may paint on it before shading."""
        rng = self.rng
        shp = blob(rng, r, irr, sx, sy, angle)
        d = shp.paint(color)
        if detail:
            detail(d, shp)
        self.put(shp, cx, cy, shade=shade, light=0.12, rim=rim, rim_k=0.15, bevel=0.5, tex=tex, shadow=shadow,
                 sh_off=(2, 3), sh_blur=3, alpha=alpha)
        if sparkle:
            lay, ld = self.layer()
            for _ in range(sparkle):
                a, rr = rng.uniform(0, 2 * math.pi), r * 0.6 * math.sqrt(rng.random())
                x, y = cx + rr * math.cos(a) * sx, cy + rr * math.sin(a) * sy
                s = rng.uniform(2, 5)
                ld.ellipse([(x - s * 1.6) * S, (y - s * 0.7) * S, (x + s * 1.6) * S, (y + s * 0.7) * S],
                           fill=(255, 255, 255, int(150 * gloss)))
            self.flush(lay, 2)


class Region:
    """A predicate on the unit square, mapped to a circle-ish area: x*scale+cx, y*scale+cy."""

    def __init__(self, cx, cy, scale, pred):
        self.cx, self.cy, self.scale, self.pred = cx, cy, scale, pred

    def __call__(self, x, y):
        return self.pred(x, y)


# --------------------------------------------------------------------------- the dishes
def ceviche_clasico(sc: Scene):
    rng = sc.rng
    sc.tiles(base=(70, 120, 150), size=120)
    sc.textile(130, 530, 360, 160, 8)
    r = sc.bowl(400, 300, 240, color=(248, 246, 240))
    sc.sauce(400, 300, r * 0.95, (238, 230, 200), irr=0.03, gloss=0.8, sparkle=6, alpha=0.92, shadow=0)
    # sweet potato slice and Andean corn
    camote = ellipse(54, 50, 20)
    d = camote.paint((232, 120, 36))
    d.ellipse([*camote.xy(-40, -37), *camote.xy(40, 37)], fill=(242, 148, 56))
    camote.albedo = add_noise(camote.albedo, rng, 14, blur=1.5)
    sc.put(camote, 262, 215, shade=0.25, light=0.15, rim=0.45, bevel=0.6, gloss=0.35, tex=6, shadow=0.5)
    sc.corn_cob(520, 420, 120, 56, -25, kernel=(245, 225, 150), gap=(215, 190, 120))
    # cancha (toasted corn)
    for _ in range(12):
        x, y = 285 + rng.uniform(-30, 30), 395 + rng.uniform(-28, 28)
        shp = blob(rng, 10, 0.15, 1.2, 0.9, rng.uniform(0, 180))
        sc.put(shp, x, y, jitter(rng, (205, 142, 60), 15), shade=0.35, light=0.25, rim=0.5, bevel=0.5, gloss=0.3,
               tex=8, shadow=0.45)
    # the fish
    pieces = []
    for _ in range(40):
        a, rr = rng.uniform(0, 2 * math.pi), 125 * math.sqrt(rng.random())
        pieces.append((410 + rr * math.cos(a), 295 + rr * math.sin(a) * 0.85))
    for x, y in sorted(pieces, key=lambda p: p[1]):
        shp = Shape([(rrect_pts(rng.uniform(34, 46), rng.uniform(28, 38), 10, rng.uniform(0, 90)), 255)], 17)
        sc.put(shp, x, y, jitter(rng, (247, 239, 228), 6), shade=0.25, light=0.1, rim=0.45, bevel=0.5, gloss=0.45,
               tex=6, shadow=0.45)
    for _ in range(18):
        sc.onion_sliver(410 + rng.uniform(-110, 110), 295 + rng.uniform(-95, 95), rng.uniform(24, 40),
                        rng.uniform(0, 360), thick=rng.uniform(5, 7))
    for _ in range(8):
        sc.pepper_ring(410 + rng.uniform(-100, 100), 295 + rng.uniform(-85, 85), rng.uniform(7, 10),
                       rng.choice([(215, 40, 30), (240, 190, 30)]))
    for _ in range(22):
        sc.leaf(410 + rng.uniform(-115, 115), 295 + rng.uniform(-100, 100), rng.uniform(7, 11), rng.uniform(0, 360))
    sc.lime_wedge(690, 150, 48, 210)
    sc.lime_wedge(722, 232, 44, 170)

def causa_limena(sc: Scene):
    rng = sc.rng
    sc.marble()
    sc.plate(400, 300, 255)
    for i in range(12):       # dots of ají amarillo and huancaína sauce around the causa
        a = math.radians(i * 30 + 10)
        col = (240, 150, 30) if i % 2 else (236, 214, 120)
        sc.put(ellipse(6 + 2 * (i % 3)), 400 + 152 * math.cos(a), 300 + 152 * math.sin(a), col, shade=0.2,
               light=0.3, rim=0.3, bevel=0.6, gloss=0.6, tex=2, shadow=0.3)
    shp = blob(rng, 115, 0.02)
    shp.paint((246, 206, 72))
    shp.albedo = add_noise(shp.albedo, rng, 22, blur=2)
    sc.put(shp, 400, 300, shade=0.35, light=0.12, rim=0.7, rim_k=0.12, bevel=0.7, tex=6, shadow=0.6,
           sh_off=(12, 16), sh_blur=12)
    # a rosette of avocado slices on top
    for i in range(11):
        a = i * 360 / 11
        slice_ = Shape([(ellipse_pts(44, 14, a + 62), 255)], 12)
        d = slice_.paint((200, 214, 112))
        d.polygon([slice_.xy(*q) for q in ellipse_pts(44, 14, a + 62)], outline=(110, 160, 50), width=5 * S)
        d.polygon([slice_.xy(*q) for q in ellipse_pts(44, 14, a + 62)], outline=(50, 90, 25), width=2 * S)
        sc.put(slice_, 400 + 52 * math.cos(math.radians(a)), 300 + 52 * math.sin(math.radians(a)), shade=0.25,
               light=0.2, rim=0.45, bevel=0.55, gloss=0.45, tex=4, shadow=0.4)
    sc.put(blob(rng, 28, 0.15, lobes=(6, 0.12)), 400, 300, (248, 244, 226), shade=0.15, light=0.2, rim=0.3,
           bevel=0.6, gloss=0.5, tex=3, shadow=0.4)
    sc.egg_half(404, 296, 14, 30)
    sc.put(ring(8, 3.5), 330, 232, (52, 28, 42), shade=0.3, light=0.4, rim=0.4, bevel=0.5, gloss=0.6, tex=2,
           shadow=0.4)
    sc.put(ring(8, 3.5), 468, 372, (52, 28, 42), shade=0.3, light=0.4, rim=0.4, bevel=0.5, gloss=0.6, tex=2,
           shadow=0.4)
    for _ in range(6):
        a = rng.uniform(0, 2 * math.pi)
        sc.leaf(400 + 80 * math.cos(a), 300 + 80 * math.sin(a), rng.uniform(6, 8), rng.uniform(0, 360),
                color=(50, 125, 40))
    sc.fork(690, 300, 92)

def papa_a_la_huancaina(sc: Scene):
    rng = sc.rng
    sc.wood(base=(170, 120, 78), plank=140)
    sc.plate(400, 300, 255, band=(40, 90, 150))
    for i in range(6):        # a bed of lettuce
        a = i * 60 + 15
        shp = blob(rng, 80, 0.16, 1.0, 0.6, a, lobes=(9, 0.05))
        d = shp.paint((120, 180, 70))
        for k in range(5):
            d.line([shp.xy(0, 0), shp.xy(*rotate_pts([(74, (k - 2) * 11)], a)[0])], fill=(170, 215, 120),
                   width=int(1.5 * S))
        sc.put(shp, 400 + 88 * math.cos(math.radians(a)), 300 + 80 * math.sin(math.radians(a)),
               shade=0.25, light=0.2, rim=0.35, bevel=0.4, gloss=0.3, tex=8, shadow=0.3)
    # thick slices of yellow potato, each generously covered with huancaína sauce
    spots = [(330, 245), (420, 230), (478, 300), (315, 345), (405, 365), (395, 298)]
    garnish = ["olive", "egg", "olive", "egg", "olive", "egg"]
    for (x, y), g in zip(spots, garnish):
        potato = ellipse(48, 45, rng.uniform(0, 180))
        potato.paint((240, 208, 104))
        potato.albedo = add_noise(potato.albedo, rng, 14, blur=2)
        sc.put(potato, x, y, shade=0.25, light=0.1, rim=0.45, bevel=0.55, tex=6, shadow=0.5)

        def streaks(d, shp):
            for _ in range(5):
                sx, sy = rng.uniform(-25, 25), rng.uniform(-25, 25)
                d.ellipse([*shp.xy(sx - 12, sy - 4), *shp.xy(sx + 12, sy + 4)], fill=(252, 208, 76))
            shp.albedo = gblur(shp.albedo, 3)

        sc.sauce(x + rng.uniform(-3, 3), y + rng.uniform(-3, 3), 44, (246, 184, 34), irr=0.14, gloss=0.9, sparkle=2,
                 detail=streaks, shadow=0.45, shade=0.3, rim=0.55)
        ox, oy = rng.uniform(-10, 10), rng.uniform(-10, 10)
        if g == "olive":
            sc.olive(x + ox, y + oy, 10, rng.uniform(0, 180))
        else:
            sc.egg_wedge(x + ox, y + oy, 20, rng.uniform(0, 360))
    sc.sprinkle(400, 300, 120, [(60, 130, 40), (90, 160, 50)], 50, 2.2)
def anticuchos(sc: Scene):
    rng = sc.rng
    sc.slate()
    sc.board(400, 305, 640, 430, -4)
    for row, y in enumerate((215, 300, 385)):
        tilt = rng.uniform(-6, 6) - 4
        length = 420
        shp = rrect(length, 6, 3, tilt)
        sc.put(shp, 360, y, (222, 196, 150), shade=0.2, light=0.1, rim=0.4, bevel=0.5, tex=8, shadow=0.5,
               sh_off=(4, 6))
        for k in range(4):
            t = -0.32 + k * 0.2
            x = 360 + t * length * math.cos(math.radians(tilt))
            yy = y + t * length * math.sin(math.radians(tilt))
            shp = Shape([(blob_pts(rng, 34, 0.12, 1.15, 0.95, tilt + rng.uniform(-15, 15)), 255)], 30)
            d = shp.paint((128, 48, 30))
            lay, ld = shp.overlay()
            for _ in range(8):
                gx, gy = rng.uniform(-30, 30), rng.uniform(-28, 28)
                ld.ellipse([*shp.xy(gx - 9, gy - 6), *shp.xy(gx + 9, gy + 6)], fill=(175, 70, 30, 120))
            for g in range(-2, 3):
                pts = rotate_pts([(g * 13 - 30, -30), (g * 13 + 30, 30)], 0)
                ld.line([shp.xy(*q) for q in pts], fill=(30, 12, 8, 210), width=int(4 * S))
            shp.merge(gblur(lay, 1.5))
            shp.albedo = add_noise(shp.albedo, rng, 30, blur=1)
            sc.put(shp, x, yy, shade=0.35, light=0.2, rim=0.6, bevel=0.45, gloss=0.5, tex=10, shadow=0.55)
        sc.put(ellipse(8, 8), 360 + 0.5 * length * math.cos(math.radians(tilt)) - 4,
               y + 0.5 * length * math.sin(math.radians(tilt)), (222, 196, 150), shade=0.2, rim=0.4, shadow=0.3)
    # potatoes, corn and the sauce
    sc.put(blob(rng, 36, 0.06, 1.15, 1), 640, 170, (232, 190, 90), shade=0.3, light=0.15, rim=0.6, bevel=0.4,
           gloss=0.2, tex=12, shadow=0.55)
    sc.put(blob(rng, 32, 0.06, 1.1, 1), 660, 250, (228, 184, 84), shade=0.3, light=0.15, rim=0.6, bevel=0.4,
           gloss=0.2, tex=12, shadow=0.55)
    sc.corn_cob(640, 360, 120, 58, 75)
    r = sc.bowl(150, 470, 62, color=(180, 90, 50))
    sc.sauce(150, 470, r, (200, 180, 40), irr=0.03, gloss=0.7, sparkle=3, shadow=0,
             detail=lambda d, s: [d.ellipse([*s.xy(x - 3, y - 3), *s.xy(x + 3, y + 3)], fill=(80, 130, 40))
                                  for x, y in [(rng.uniform(-30, 30), rng.uniform(-30, 30)) for _ in range(20)]])


def tequenos(sc: Scene):
    rng = sc.rng
    sc.wood(base=(110, 72, 45), plank=120, vertical=True)
    sc.board(390, 300, 620, 420, 3, base=(60, 62, 66))
    r = sc.bowl(400, 300, 78, color=(240, 236, 226))

    def guac(d, s):
        s.albedo = add_noise(s.albedo, rng, 34, blur=1.5, size=(s.albedo.size[0] // 6, s.albedo.size[1] // 6))
        for _ in range(7):
            x, y = rng.uniform(-40, 40), rng.uniform(-40, 40)
            d = ImageDraw.Draw(s.albedo)
            d.rectangle([*s.xy(x - 3, y - 3), *s.xy(x + 3, y + 3)], fill=rng.choice([(200, 50, 40), (240, 236, 220)]))

    sc.sauce(400, 300, r, (110, 142, 44), irr=0.05, gloss=0.4, sparkle=3, detail=guac, shadow=0, shade=0.3,
             rim=0.4)
    sc.leaf(390, 292, 9, 30, color=(50, 120, 40))
    for i in range(7):
        a = i * (360 / 7) - 90
        dist = 180
        x = 400 + dist * math.cos(math.radians(a)) * 1.15
        y = 300 + dist * math.sin(math.radians(a)) * 0.78
        shp = rrect(132, 42, 18, 0)
        d = shp.paint((214, 158, 72))
        for _ in range(50):
            bx, by = rng.uniform(-58, 58), rng.uniform(-16, 16)
            bs = rng.uniform(2, 5)
            d.ellipse([*shp.xy(bx - bs, by - bs * 0.8), *shp.xy(bx + bs, by + bs * 0.8)],
                      fill=rng.choice([(236, 196, 112), (180, 118, 45), (245, 210, 130)]))
        for side in (-1, 1):
            d.rectangle([*shp.xy(side * 66 - 10, -21), *shp.xy(side * 66 + 10, 21)], fill=(178, 112, 42))
        d.line([shp.xy(-20, -3), shp.xy(30, -5)], fill=(196, 138, 55), width=2 * S)
        shp.albedo = gblur(shp.albedo, 1.2).rotate(-a + 90 + rng.uniform(-8, 8), resample=Image.BICUBIC)
        shp.mask = shp.mask.rotate(-a + 90, resample=Image.BICUBIC)
        sc.put(shp, x, y, shade=0.35, light=0.15, rim=0.7, rim_k=0.5, bevel=0.4, gloss=0.35, tex=10, shadow=0.55)


def lomo_saltado(sc: Scene):
    rng = sc.rng
    sc.wood(base=(92, 60, 38), plank=130)
    sc.textile(110, 110, 300, 200, -12)
    sc.plate(410, 300, 262)
    sc.sauce(395, 305, 130, (125, 58, 26), irr=0.22, gloss=0.6, sparkle=5, alpha=0.7, shadow=0)
    sc.rice_dome(508, 222, 64)
    for _ in range(15):       # fries
        x, y = 300 + rng.uniform(-65, 45), 385 + rng.uniform(-40, 40)
        shp = rrect(rng.uniform(75, 100), 18, 5, rng.uniform(-40, 60))
        sc.put(shp, x, y, jitter(rng, (240, 190, 84), 10), shade=0.3, light=0.15, rim=0.5, bevel=0.5, gloss=0.25,
               tex=8, shadow=0.5)
    items = [("beef", 390 + rng.uniform(-85, 85), 290 + rng.uniform(-70, 60)) for _ in range(20)]
    items += [("tomato", 390 + rng.uniform(-90, 80), 290 + rng.uniform(-70, 60)) for _ in range(7)]
    items += [("onion", 390 + rng.uniform(-90, 90), 290 + rng.uniform(-70, 60)) for _ in range(9)]
    rng.shuffle(items)
    for kind, x, y in items:
        if kind == "beef":
            shp = blob(rng, 28, 0.16, 1.6, 0.6, rng.uniform(0, 180))
            shp.paint(jitter(rng, (118, 56, 32), 8))
            shp.albedo = add_noise(shp.albedo, rng, 25, blur=1)
            sc.put(shp, x, y, shade=0.35, light=0.3, rim=0.55, bevel=0.55, gloss=0.75, tex=8, shadow=0.5)
        elif kind == "tomato":
            a = rng.uniform(0, 360)
            pts = arc_pts(28, 0, 180, n=20)
            shp = poly(rotate_pts([(px, py - 11) for px, py in pts], a), 13)
            d = shp.paint((214, 44, 32))
            inner = rotate_pts([(px, py - 11) for px, py in arc_pts(17, 10, 170, n=16)], a)
            d.polygon([shp.xy(*q) for q in inner], fill=(236, 120, 60))
            for q in inner[3:-3:3]:
                d.ellipse([*shp.xy(q[0] - 2, q[1] - 1.5), *shp.xy(q[0] + 2, q[1] + 1.5)], fill=(250, 215, 120))
            sc.put(shp, x, y, shade=0.3, light=0.2, rim=0.4, bevel=0.6, gloss=0.6, tex=4, shadow=0.5)
        else:
            sc.onion_sliver(x, y, rng.uniform(28, 36), rng.uniform(0, 360), thick=rng.uniform(8, 11), span=80)
    for _ in range(16):
        sc.leaf(390 + rng.uniform(-85, 85), 290 + rng.uniform(-65, 60), rng.uniform(6, 9), rng.uniform(0, 360))
    sc.fork(715, 310, 88)
    sc.knife(765, 300, 92)

def aji_de_gallina(sc: Scene):
    rng = sc.rng
    sc.linen(base=(226, 214, 192))
    sc.plate(400, 300, 255, color=(244, 240, 232), band=(150, 60, 40))
    for i in range(4):
        a = math.radians(200 + i * 35)
        sc.put(ellipse(36, 33), 380 + 108 * math.cos(a), 320 + 100 * math.sin(a), (238, 202, 100), shade=0.25,
               light=0.1, rim=0.45, bevel=0.5, tex=8, shadow=0.4)

    def shreds(d, s):
        for _ in range(260):
            x, y = rng.uniform(-110, 110), rng.uniform(-95, 95)
            a = rng.uniform(0, math.pi)
            ln = rng.uniform(8, 22)
            col = rng.choice([(252, 222, 140), (214, 150, 36), (246, 206, 104), (228, 176, 56), (255, 232, 170)])
            d.line([s.xy(x, y), s.xy(x + ln * math.cos(a), y + ln * math.sin(a))], fill=col,
                   width=int(rng.uniform(2, 4) * S))
        s.albedo = gblur(s.albedo, 1.2)

    sc.sauce(375, 320, 128, (238, 180, 46), irr=0.05, sx=1.08, sy=0.88, gloss=0.8, sparkle=7, detail=shreds,
             shadow=0.45, shade=0.35, rim=0.55)
    sc.rice_dome(505, 212, 68)
    sc.egg_half(330, 280, 26, 60)
    sc.olive(352, 318, 11, 40)
    sc.sprinkle(380, 320, 80, [(60, 130, 40), (90, 160, 50)], 34, 2.2)
    sc.fork(700, 320, 95)

def arroz_con_mariscos(sc: Scene):
    rng = sc.rng
    sc.wood(base=(130, 90, 60), plank=160)
    sc.plate(400, 300, 270, color=(248, 244, 236), well=0.78)
    shp = blob(rng, 185, 0.05)
    shp.paint((220, 112, 48))
    lay, ld = shp.overlay()
    sc.grains(ld, shp.xy, Region(0, 0, 185, lambda x, y: x * x + y * y < 0.92), 2200,
              [(236, 140, 60), (226, 120, 50), (245, 165, 80), (214, 104, 40)], 7.5, 3.2)
    shp.merge(lay)
    sc.put(shp, 400, 300, shade=0.25, light=0.08, rim=0.4, rim_k=0.15, bevel=0.2, tex=6, shadow=0.35)
    sc.sprinkle(400, 300, 160, [(90, 170, 60), (120, 190, 70)], 40, 3.2, square=False)
    sc.sprinkle(400, 300, 160, [(220, 40, 30), (240, 200, 40)], 30, 3)
    # squid rings
    for _ in range(7):
        a, rr = rng.uniform(0, 2 * math.pi), 130 * math.sqrt(rng.random())
        shp = ring(15, 9.5)
        sc.put(shp, 400 + rr * math.cos(a), 300 + rr * math.sin(a), (244, 238, 226), shade=0.2, light=0.1, rim=0.4,
               bevel=0.6, gloss=0.4, tex=4, shadow=0.45)
    # mussels
    for i in range(5):
        a = math.radians(i * 72 + 20)
        x, y = 400 + 128 * math.cos(a), 300 + 120 * math.sin(a)
        ang = math.degrees(a) + 90
        pts = [(px * (1.0 if px < 0 else 1.0), py * (1 - 0.45 * max(0, px) / 34)) for px, py in ellipse_pts(34, 19)]
        shp = poly(rotate_pts(pts, ang), 16)
        d = shp.paint((30, 32, 48))
        inner = rotate_pts([(px * 0.8, py * 0.72) for px, py in pts], ang)
        d.polygon([shp.xy(*q) for q in inner], fill=(170, 170, 190))
        meat = rotate_pts([(px * 0.62 - 2, py * 0.55) for px, py in pts], ang)
        d.polygon([shp.xy(*q) for q in meat], fill=(232, 140, 60))
        sc.put(shp, x, y, shade=0.35, light=0.3, rim=0.5, bevel=0.6, gloss=0.6, tex=4, shadow=0.55)
    # prawns
    for i in range(5):
        a = math.radians(i * 72 + 56)
        x, y = 400 + 78 * math.cos(a), 300 + 72 * math.sin(a)
        sc_prawn(sc, x, y, math.degrees(a) + 60)
    sc.lime_wedge(400, 300, 36, 20)
    for _ in range(12):
        sc.leaf(400 + rng.uniform(-150, 150), 300 + rng.uniform(-140, 140), rng.uniform(6, 9), rng.uniform(0, 360))


def sc_prawn(sc: Scene, cx, cy, angle):
    polys = []
    segs = []
    for k in range(8):
        t = math.radians(-40 + k * 33)
        rad = 30
        w = 17 - k * 1.4
        px, py = rad * math.cos(t), rad * math.sin(t)
        polys.append((rotate_pts(ellipse_pts(w, w * 0.9, math.degrees(t) + 90, px, py, 24), angle), 255))
        segs.append((px, py, w, math.degrees(t)))
    tx, ty = 30 * math.cos(math.radians(-40 + 8 * 33)), 30 * math.sin(math.radians(-40 + 8 * 33))
    fan = [(tx, ty), (tx + 18, ty - 12), (tx + 22, ty + 6), (tx + 10, ty + 16)]
    polys.append((rotate_pts(fan, angle), 255))
    shp = Shape(polys, 14)
    d = shp.paint((244, 124, 84))
    d.polygon([shp.xy(*q) for q in rotate_pts(fan, angle)], fill=(210, 60, 40))
    for px, py, w, t in segs[1:]:
        a = math.radians(t)
        q1 = rotate_pts([(px - w * 0.9 * math.cos(a), py - w * 0.9 * math.sin(a))], angle)[0]
        q2 = rotate_pts([(px + w * 0.9 * math.cos(a), py + w * 0.9 * math.sin(a))], angle)[0]
        d.line([shp.xy(*q1), shp.xy(*q2)], fill=(250, 200, 180), width=int(2 * S))
    for px, py, w, t in segs:
        a = math.radians(t)
        q = rotate_pts([(px + w * 0.55 * math.cos(a), py + w * 0.55 * math.sin(a))], angle)[0]
        d.ellipse([*shp.xy(q[0] - 4, q[1] - 4), *shp.xy(q[0] + 4, q[1] + 4)], fill=(220, 80, 50))
    shp.albedo = gblur(shp.albedo, 1.2)
    sc.put(shp, cx, cy, shade=0.3, light=0.25, rim=0.5, bevel=0.55, gloss=0.6, tex=5, shadow=0.55)


def seco_de_res(sc: Scene):
    rng = sc.rng
    sc.tiles(base=(185, 95, 60), size=160)
    sc.plate(400, 300, 262, color=(246, 243, 236), band=(30, 110, 90))

    def beans_detail(d, s):
        s.albedo = add_noise(s.albedo, rng, 18, blur=2)

    sc.sauce(310, 330, 95, (196, 150, 88), irr=0.1, gloss=0.5, sparkle=3, detail=beans_detail, shadow=0.3)
    for _ in range(38):
        a, rr = rng.uniform(0, 2 * math.pi), 80 * math.sqrt(rng.random())
        sc.bean(310 + rr * math.cos(a), 330 + rr * math.sin(a), 9, (220, 178, 110), rng.uniform(0, 180))
    sc.rice_dome(440, 190, 70, parsley=False)
    sc.sauce(470, 350, 112, (50, 92, 30), irr=0.12, gloss=0.8, sparkle=7, shadow=0.35, shade=0.3, rim=0.5,
             detail=lambda d, s: setattr(s, "albedo", add_noise(s.albedo, rng, 30, blur=2.5)))
    for i, (x, y) in enumerate([(440, 330), (505, 375), (510, 300)]):
        shp = blob(rng, 48 - i * 5, 0.14, 1.1, 0.9, rng.uniform(0, 180))
        d = shp.paint((118, 62, 36))
        for _ in range(12):
            gx, gy = rng.uniform(-30, 30), rng.uniform(-30, 30)
            d.ellipse([*shp.xy(gx - 3, gy - 2), *shp.xy(gx + 3, gy + 2)],
                      fill=rng.choice([(70, 110, 40), (90, 40, 25)]))
        shp.albedo = add_noise(gblur(shp.albedo, 1), rng, 20, blur=1)
        sc.put(shp, x, y, shade=0.35, light=0.25, rim=0.6, bevel=0.55, gloss=0.7, tex=8, shadow=0.55)
    for _ in range(10):
        shp = rrect(11, 11, 2.5, rng.uniform(0, 90))
        sc.put(shp, 470 + rng.uniform(-80, 80), 350 + rng.uniform(-70, 70), (240, 130, 40), shade=0.25, light=0.2,
               rim=0.4, bevel=0.6, gloss=0.3, tex=4, shadow=0.45)
    for _ in range(10):
        sc.put(ellipse(5.5), 470 + rng.uniform(-80, 80), 350 + rng.uniform(-70, 70), (110, 175, 60), shade=0.3,
               light=0.25, rim=0.5, bevel=0.6, gloss=0.5, tex=3, shadow=0.45)
    for _ in range(6):
        sc.onion_sliver(300 + rng.uniform(-30, 30), 210 + rng.uniform(-25, 25), rng.uniform(20, 28),
                        rng.uniform(0, 360), 5)
    for _ in range(10):
        sc.leaf(470 + rng.uniform(-80, 80), 340 + rng.uniform(-70, 70), rng.uniform(5, 8), rng.uniform(0, 360),
                color=(55, 130, 45))
    sc.fork(90, 300, 88)
    sc.knife(720, 300, 92)


def tacu_tacu(sc: Scene):
    rng = sc.rng
    sc.wood(base=(176, 130, 86), plank=120, vertical=True)
    sc.plate(400, 300, 262, color=(240, 236, 228), band=(190, 60, 40))
    # the patty
    shp = Shape([(blob_pts(rng, 140, 0.05, 1.1, 0.72, -8), 255)], 95)
    d = shp.paint((176, 114, 58))
    for _ in range(500):
        x, y = rng.uniform(-150, 150), rng.uniform(-100, 100)
        s = rng.uniform(2, 6)
        d.ellipse([*shp.xy(x - s, y - s * 0.7), *shp.xy(x + s, y + s * 0.7)],
                  fill=rng.choice([(120, 70, 35), (205, 150, 80), (150, 90, 45), (225, 175, 100)]))
    shp.albedo = add_noise(gblur(shp.albedo, 1), rng, 18, blur=1)
    sc.put(shp, 380, 300, shade=0.35, light=0.15, rim=0.75, rim_k=0.15, bevel=0.6, gloss=0.25, tex=10, shadow=0.55,
           sh_off=(8, 10), sh_blur=8)
    # fried egg
    egg = Shape([(blob_pts(rng, 70, 0.16, 1.1, 0.95), 255)], 40)
    d = egg.paint((252, 250, 246))
    lay, ld = egg.overlay()
    ld.line([egg.xy(*q) for q in blob_pts(rng, 66, 0.16, 1.1, 0.95)], fill=(200, 140, 60, 160),
            width=6 * S)
    egg.merge(gblur(lay, 4))
    sc.put(egg, 370, 285, shade=0.12, light=0.05, rim=0.35, rim_k=0.1, bevel=0.6, gloss=0.3, tex=4, shadow=0.35)
    sc.put(ellipse(27), 360, 280, (250, 168, 20), shade=0.3, light=0.3, rim=0.5, bevel=0.6, gloss=0.9, tex=3,
           shadow=0.5)
    # fried plantain
    for i in range(3):
        x, y = 528 + i * 14, 195 + i * 52
        shp = ellipse(44, 25, 30 + i * 10)
        d = shp.paint((240, 170, 60))
        lay, ld = shp.overlay()
        ld.polygon([shp.xy(*q) for q in ellipse_pts(44, 25, 30 + i * 10)], outline=(150, 80, 30, 230), width=6 * S)
        shp.merge(gblur(lay, 3))
        sc.put(shp, x, y, shade=0.3, light=0.2, rim=0.5, bevel=0.5, gloss=0.5, tex=6, shadow=0.5)
    # salsa criolla
    for _ in range(16):
        sc.onion_sliver(300 + rng.uniform(-50, 50), 425 + rng.uniform(-22, 22), rng.uniform(24, 34),
                        rng.uniform(0, 360), 6)
    for _ in range(4):
        sc.put(rrect(22, 6, 3, rng.uniform(0, 180)), 300 + rng.uniform(-45, 45), 425 + rng.uniform(-20, 20),
               (240, 180, 30), shade=0.25, light=0.2, rim=0.4, bevel=0.5, gloss=0.5, tex=3, shadow=0.4)
    for _ in range(8):
        sc.leaf(300 + rng.uniform(-45, 45), 425 + rng.uniform(-22, 22), rng.uniform(6, 9), rng.uniform(0, 360))
    sc.sprinkle(380, 300, 80, [(40, 40, 40), (230, 60, 40)], 20, 1.5, square=False)
    sc.fork(720, 310, 95)


def suspiro_limeno(sc: Scene):
    rng = sc.rng
    sc.marble(base=(232, 228, 222))
    sc.plate(400, 300, 230, color=(246, 244, 240), well=0.7)
    r = sc.glass(400, 300, 150, (200, 140, 70), depth=0.2, alpha=1)
    sc.sauce(400, 300, r * 0.98, (198, 130, 62), irr=0.02, gloss=0.7, sparkle=3, shadow=0)
    # piped port-wine meringue: kisses in rings, each a star-shaped swirl with a tip
    spots = [(0.0, 0.0, 36)] + [(54, a, 32) for a in range(0, 360, 51)] + [(102, a + 20, 28) for a in range(0, 360, 30)]
    for rr, a, size in sorted(spots, key=lambda q: -q[0]):
        x = 400 + rr * math.cos(math.radians(a))
        y = 300 + rr * math.sin(math.radians(a))
        kiss = Shape([(blob_pts(rng, size, 0.05, lobes=(7, 0.05)), 255)], size)
        d = kiss.paint((252, 247, 238))
        for k in range(8):
            t = math.radians(k * 45 + rng.uniform(0, 20))
            d.line([kiss.xy(size * 0.15 * math.cos(t + 0.6), size * 0.15 * math.sin(t + 0.6)),
                    kiss.xy(size * 0.85 * math.cos(t), size * 0.85 * math.sin(t))], fill=(226, 214, 196),
                   width=int(2 * S))
        kiss.albedo = gblur(kiss.albedo, 1.5)
        sc.put(kiss, x, y, shade=0.3, light=0.05, rim=0.45, rim_k=0.5, bevel=0.5, gloss=0.45, tex=3, shadow=0.4,
               sh_off=(3, 5), sh_blur=4)
    sc.dust(400, 300, 120, (140, 78, 40), 900, 190)
    sc.spoon(655, 420, -60, 150)
    sc.cinnamon_stick(160, 470, 130, 35)

def picarones(sc: Scene):
    rng = sc.rng
    sc.linen(base=(215, 196, 170))
    sc.plate(400, 300, 262, color=(184, 96, 58), well=0.78)
    sc.sauce(400, 310, 150, (120, 52, 18), irr=0.15, gloss=0.8, sparkle=6, alpha=0.9, shadow=0)
    spots = [(330, 235), (472, 238), (328, 372), (482, 366)]
    for x, y in spots:
        ro = rng.uniform(72, 80)
        hole = blob_pts(rng, ro * 0.3, 0.2)
        shp = Shape([(blob_pts(rng, ro, 0.1), 255), (hole, 0)], ro * 0.34)
        d = shp.paint((205, 122, 50))
        for _ in range(70):
            a, rr = rng.uniform(0, 2 * math.pi), rng.uniform(ro * 0.35, ro * 0.95)
            sz = rng.uniform(3, 8)
            d.ellipse([*shp.xy(rr * math.cos(a) - sz, rr * math.sin(a) - sz * 0.7),
                       *shp.xy(rr * math.cos(a) + sz, rr * math.sin(a) + sz * 0.7)],
                      fill=rng.choice([(228, 158, 78), (165, 88, 32), (238, 180, 100)]))
        shp.albedo = add_noise(gblur(shp.albedo, 1.5), rng, 16, blur=1)
        sc.put(shp, x, y, shade=0.35, light=0.2, rim=0.8, rim_k=0.6, bevel=0.45, gloss=0.35, tex=8, shadow=0.55,
               sh_off=(6, 9), sh_blur=7)
        glaze = Shape([(blob_pts(rng, ro * 0.7, 0.2, cx=rng.uniform(-8, 8), cy=rng.uniform(-8, 8)), 255),
                       (hole, 0)], ro * 0.2, pad=ro * 0.3 + 10)
        sc.put(glaze, x, y, (118, 48, 14), shade=0.2, light=0.3, rim=0.2, bevel=0.7, tex=3, shadow=0, alpha=0.5)
    # a little dish of extra chancaca syrup and star anise from the syrup
    r = sc.bowl(140, 110, 70, color=(184, 96, 58))
    sc.sauce(140, 110, r, (100, 40, 10), irr=0.02, gloss=0.9, sparkle=0, shadow=0)
    for cx, cy, rot in [(680, 470, 10), (725, 400, 40)]:
        polys = [(rotate_pts(ellipse_pts(15, 6.5, 0, 14, 0, 24), rot + k * 45), 255) for k in range(8)]
        star = Shape(polys, 6)
        d = star.paint((128, 62, 30))
        for k in range(8):
            q = rotate_pts([(16, 0)], rot + k * 45)[0]
            d.ellipse([*star.xy(q[0] - 3.5, q[1] - 2.5), *star.xy(q[0] + 3.5, q[1] + 2.5)], fill=(196, 130, 70))
        sc.put(star, cx, cy, shade=0.3, light=0.25, rim=0.5, bevel=0.5, gloss=0.3, tex=8, shadow=0.5)

def mazamorra_morada(sc: Scene):
    rng = sc.rng
    sc.wood(base=(200, 170, 130), plank=140)
    sc.textile(640, 480, 360, 200, -10)
    r = sc.bowl(390, 290, 215, color=(246, 242, 234))
    sc.sauce(390, 290, r, (92, 22, 62), irr=0.02, gloss=0.9, sparkle=8, shadow=0,
             detail=lambda d, s: setattr(s, "albedo", add_noise(s.albedo, rng, 12, blur=3)))
    for _ in range(9):
        a, rr = rng.uniform(0, 2 * math.pi), r * 0.75 * math.sqrt(rng.random())
        shp = rrect(rng.uniform(18, 26), rng.uniform(16, 22), 4, rng.uniform(0, 90))
        sc.put(shp, 390 + rr * math.cos(a), 290 + rr * math.sin(a), (236, 196, 70), shade=0.3, light=0.2, rim=0.5,
               bevel=0.5, gloss=0.5, tex=5, shadow=0.45)
    for _ in range(6):
        a, rr = rng.uniform(0, 2 * math.pi), r * 0.7 * math.sqrt(rng.random())
        sc.put(blob(rng, 15, 0.15, 1.3, 0.9, rng.uniform(0, 180)), 390 + rr * math.cos(a), 290 + rr * math.sin(a),
               (226, 120, 42), shade=0.3, light=0.25, rim=0.5, bevel=0.5, gloss=0.6, tex=5, shadow=0.45)
    for _ in range(7):
        a, rr = rng.uniform(0, 2 * math.pi), r * 0.7 * math.sqrt(rng.random())
        sc.put(blob(rng, 12, 0.25, 1.2, 0.9, rng.uniform(0, 180)), 390 + rr * math.cos(a), 290 + rr * math.sin(a),
               (48, 20, 30), shade=0.3, light=0.4, rim=0.5, bevel=0.5, gloss=0.7, tex=6, shadow=0.45)
    sc.dust(390, 290, 80, (170, 100, 50), 500, 200)
    sc.cinnamon_stick(450, 250, 120, -35)
    sc.clove(340, 350, 40)
    sc.clove(420, 360, -70)
    sc.spoon(660, 170, -30, 160)
    sc.corn_cob(110, 200, 230, 84, 75, kernel=(76, 20, 64), gap=(35, 10, 30))


def arroz_con_leche(sc: Scene):
    rng = sc.rng
    sc.linen(base=(200, 214, 222))
    r = sc.bowl(400, 295, 215, color=(60, 100, 150), inner=(235, 232, 225))
    shp = blob(rng, r, 0.02)
    shp.paint((246, 236, 212))
    lay, ld = shp.overlay()
    sc.grains(ld, shp.xy, Region(0, 0, r, lambda x, y: x * x + y * y < 0.95), 1500,
              [(252, 246, 230), (240, 228, 200), (250, 242, 222)], 9, 4)
    shp.merge(gblur(lay, 0.6))
    sc.put(shp, 400, 295, shade=0.12, light=0.05, rim=0.3, rim_k=0.08, bevel=0.3, tex=4, shadow=0)
    sc.dust(400, 295, 110, (150, 86, 40), 1100, 210)
    for _ in range(9):
        a, rr = rng.uniform(0, 2 * math.pi), r * 0.75 * math.sqrt(rng.random())
        sc.put(blob(rng, 8, 0.12, 1.25, 0.85, rng.uniform(0, 180)), 400 + rr * math.cos(a), 295 + rr * math.sin(a),
               (112, 56, 44), shade=0.3, light=0.4, rim=0.5, bevel=0.5, gloss=0.7, tex=10, shadow=0.45)
    sc.cinnamon_stick(430, 260, 130, 25)
    sc.clove(360, 340, 10)
    sc.clove(455, 335, 120)
    sc.put(rrect(70, 12, 5, -30), 345, 235, (240, 150, 40), shade=0.3, light=0.2, rim=0.5, bevel=0.5, gloss=0.4,
           tex=8, shadow=0.45)
    sc.spoon(680, 430, -40, 160)


def chicha_morada(sc: Scene):
    rng = sc.rng
    sc.wood(base=(160, 110, 70), plank=110)
    sc.corn_cob(180, 420, 230, 80, -30, kernel=(74, 18, 62), gap=(30, 8, 26))
    sc.corn_cob(130, 170, 200, 74, 15, kernel=(84, 24, 70), gap=(30, 8, 26))
    r = sc.glass(450, 300, 175, (92, 12, 58), depth=0.5)
    for _ in range(5):
        a, rr = rng.uniform(0, 2 * math.pi), r * 0.55 * math.sqrt(rng.random())
        sc.ice(450 + rr * math.cos(a), 300 + rr * math.sin(a), rng.uniform(50, 62), rng.uniform(0, 90),
               tint=(220, 200, 225))
    for _ in range(4):
        a, rr = rng.uniform(0, 2 * math.pi), r * 0.6 * math.sqrt(rng.random())
        sc.put(rrect(18, 16, 3, rng.uniform(0, 90)), 450 + rr * math.cos(a), 300 + rr * math.sin(a),
               (230, 190, 70), shade=0.3, light=0.2, rim=0.5, bevel=0.5, gloss=0.5, tex=4, shadow=0.3, alpha=0.85)
    sc.lime_wheel(530, 205, 46, 10)
    sc.put(rrect(150, 16, 8, 125), 500, 370, (240, 240, 235), shade=0.2, light=0.1, rim=0.4, bevel=0.6, gloss=0.3,
           tex=2, shadow=0.45)
    sc.lime_wedge(700, 480, 42, 200)


def pisco_sour(sc: Scene):
    rng = sc.rng
    sc.slate(base=(48, 52, 58))
    sc.shadow(ellipse(70), 410, 300, (14, 18), 16, 0.4)
    r = sc.glass(400, 290, 175, (225, 225, 160), depth=0.1)
    foam = blob(rng, r * 0.97, 0.015)
    d = foam.paint((248, 244, 228))
    lay, ld = foam.overlay()
    for _ in range(260):
        a, rr = rng.uniform(0, 2 * math.pi), r * math.sqrt(rng.random())
        x, y = rr * math.cos(a), rr * math.sin(a)
        s = rng.uniform(1.5, 5)
        ld.ellipse([*foam.xy(x - s, y - s), *foam.xy(x + s, y + s)], outline=(215, 205, 175, 120), width=S)
    foam.merge(gblur(lay, 0.8))
    sc.put(foam, 400, 290, shade=0.15, light=0.05, rim=0.4, rim_k=0.12, bevel=0.4, tex=6, shadow=0)
    for x, y, s in [(362, 318, 9), (400, 290, 10), (438, 262, 9)]:     # three drops of bitters in a row
        lay, ld = sc.layer()
        ld.ellipse([(x - s * 1.5) * S, (y - s * 1.5) * S, (x + s * 1.5) * S, (y + s * 1.5) * S],
                   fill=(170, 90, 60, 80))
        ld.ellipse([(x - s) * S, (y - s) * S, (x + s) * S, (y + s) * S], fill=(96, 36, 20, 255))
        sc.flush(lay, 1.2)
    sc.lime_wheel(640, 450, 58, 15, dome=True)
    sc.lime_wheel(690, 330, 54, 40, dome=True)
    sc.lime_wedge(150, 140, 46, 150)


def limonada_frozen(sc: Scene):
    rng = sc.rng
    sc.wood(base=(225, 215, 195), plank=130)
    r = sc.glass(420, 300, 180, (185, 222, 130), depth=0.1)
    slush = blob(rng, r * 0.96, 0.03)
    slush.paint((196, 228, 148))
    lay, ld = slush.overlay()
    for _ in range(500):
        a, rr = rng.uniform(0, 2 * math.pi), r * math.sqrt(rng.random())
        x, y = rr * math.cos(a), rr * math.sin(a)
        s = rng.uniform(1, 4)
        ld.ellipse([*slush.xy(x - s, y - s), *slush.xy(x + s, y + s)],
                   fill=rng.choice([(240, 252, 225, 180), (160, 200, 110, 140)]))
    slush.merge(gblur(lay, 1))
    sc.put(slush, 420, 300, shade=0.25, light=0.1, rim=0.3, rim_k=0.15, bevel=0.5, gloss=0.2, tex=8, shadow=0,
           concave=False)
    sc.mint(380, 250, 30, 30)
    sc.mint(415, 235, 26, -40)
    sc.lime_wheel(520, 220, 52, 5)
    sc.put(rrect(180, 18, 9, 140), 350, 380, (60, 160, 90), shade=0.2, light=0.1, rim=0.4, bevel=0.6, gloss=0.3,
           tex=2, shadow=0.5)
    sc.lime_wheel(120, 470, 58, 30, dome=True)
    sc.lime_wheel(200, 530, 52, 10, dome=True)
    sc.mint(700, 120, 34, 70)


def cafe_pasado(sc: Scene):
    rng = sc.rng
    sc.wood(base=(84, 54, 36), plank=120, vertical=True)
    sc.shadow(ellipse(200), 410, 300, (12, 16), 16, 0.45)
    sc.plate(410, 300, 200, color=(246, 244, 238), well=0.72, shadow=0)
    cup = Shape([(ellipse_pts(125, 125), 255), (rrect_pts(70, 34, 16, 0, 150, 0), 255)], 40)
    sc.put(cup, 400, 290, (250, 248, 244), shade=0.15, light=0.03, rim=0.4, rim_k=0.08, bevel=0.7, tex=3,
           shadow=0.5, sh_off=(10, 14), sh_blur=10)
    sc.put(ellipse(112), 400, 290, (236, 232, 226), shade=0.2, light=0.05, rim=0.2, bevel=0.5, tex=2, shadow=0,
           concave=True)
    coffee = ellipse(102)
    coffee.paint((48, 26, 14))
    lay, ld = coffee.overlay()
    ld.ellipse([*coffee.xy(-102, -102), *coffee.xy(102, 102)], outline=(150, 95, 55, 230), width=7 * S)
    for _ in range(30):
        a = rng.uniform(0, 2 * math.pi)
        rr = rng.uniform(88, 100)
        s = rng.uniform(2, 4)
        x, y = rr * math.cos(a), rr * math.sin(a)
        ld.ellipse([*coffee.xy(x - s, y - s), *coffee.xy(x + s, y + s)],
                   fill=(170, 115, 70, 200))
    coffee.merge(gblur(lay, 3))
    sc.put(coffee, 400, 290, shade=0.2, light=0.3, rim=0.2, bevel=0.3, tex=3, shadow=0, concave=True)
    lay, ld = sc.layer()
    ld.ellipse([340 * S, 235 * S, 395 * S, 255 * S], fill=(255, 255, 255, 70))
    ld.arc([(400 - 95) * S, (290 - 95) * S, (400 + 95) * S, (290 + 95) * S], 200, 250, fill=(255, 255, 255, 110),
           width=4 * S)
    sc.flush(lay, 5)
    sc.spoon(320, 470, 20, 150)
    for _ in range(22):
        x, y = rng.choice([(rng.uniform(620, 770), rng.uniform(60, 540)), (rng.uniform(30, 180), rng.uniform(40, 250))])
        a = rng.uniform(0, 180)
        shp = ellipse(11, 8, a)
        d = shp.paint((92, 52, 26))
        pts = [rotate_pts([(t, 2.5 * math.sin(t * 0.4))], a)[0] for t in range(-9, 10, 2)]
        d.line([shp.xy(*q) for q in pts], fill=(45, 22, 10), width=int(2 * S))
        sc.put(shp, x, y, shade=0.35, light=0.3, rim=0.5, bevel=0.6, gloss=0.7, tex=5, shadow=0.55)
    for x, y, a in [(110, 470, 10), (170, 500, -15)]:
        shp = rrect(30, 30, 4, a)
        sc.put(shp, x, y, (250, 246, 236), shade=0.15, light=0.05, rim=0.3, bevel=0.6, tex=26, shadow=0.5)


def jugo_de_maracuya(sc: Scene):
    rng = sc.rng
    sc.wood(base=(120, 160, 160), plank=130)
    r = sc.glass(430, 290, 170, (246, 172, 30), depth=0.25)
    lay, ld = sc.layer()
    ld.ellipse([(430 - r) * S, (290 - r) * S, (430 + r) * S, (290 + r) * S], outline=(255, 235, 170, 170),
               width=10 * S)
    sc.flush(lay, 4)
    for _ in range(3):
        a, rr = rng.uniform(0, 2 * math.pi), r * 0.45 * math.sqrt(rng.random())
        sc.ice(430 + rr * math.cos(a), 290 + rr * math.sin(a), rng.uniform(52, 60), rng.uniform(0, 90),
               tint=(250, 235, 200))
    sc.mint(470, 245, 26, -30)
    sc.put(rrect(170, 16, 8, 40), 520, 390, (240, 200, 40), shade=0.2, light=0.1, rim=0.4, bevel=0.6, gloss=0.3,
           tex=2, shadow=0.5)
    for cx, cy, rr in [(140, 430, 78), (200, 150, 70)]:
        fruit = ellipse(rr)
        d = fruit.paint((226, 196, 60))
        d.ellipse([*fruit.xy(-rr * 0.88, -rr * 0.88), *fruit.xy(rr * 0.88, rr * 0.88)], fill=(248, 240, 214))
        d.ellipse([*fruit.xy(-rr * 0.76, -rr * 0.76), *fruit.xy(rr * 0.76, rr * 0.76)], fill=(238, 172, 32))
        lay, fd = fruit.overlay()
        for _ in range(70):
            a, q = rng.uniform(0, 2 * math.pi), rr * 0.68 * math.sqrt(rng.random())
            x, y = q * math.cos(a), q * math.sin(a)
            fd.ellipse([*fruit.xy(x - 6, y - 5), *fruit.xy(x + 6, y + 5)], fill=(250, 200, 60, 200))
            fd.ellipse([*fruit.xy(x - 2.6, y - 2), *fruit.xy(x + 2.6, y + 2)], fill=(25, 18, 12, 255))
        fruit.merge(gblur(lay, 0.8))
        sc.put(fruit, cx, cy, shade=0.25, light=0.15, rim=0.45, bevel=0.6, gloss=0.6, tex=5, shadow=0.55,
               sh_off=(8, 11), sh_blur=8)
    whole = ellipse(70, 62, 20)
    d = whole.paint((250, 218, 66))
    for _ in range(120):
        x, y = rng.uniform(-66, 66), rng.uniform(-60, 60)
        d.ellipse([*whole.xy(x - 1.5, y - 1.5), *whole.xy(x + 1.5, y + 1.5)], fill=(252, 236, 150))
    whole.albedo = add_noise(whole.albedo, rng, 14, blur=1.5)
    sc.put(whole, 690, 500, shade=0.28, light=0.12, rim=0.7, rim_k=0.5, bevel=0.4, gloss=0.6, tex=6, shadow=0.6,
           sh_off=(10, 13), sh_blur=10)


def lomo_a_la_parrilla(sc: Scene):
    """A grilled beef tenderloin on a board: grill marks, fries, a pot of chimichurri."""
    rng = sc.rng
    sc.slate(base=(44, 46, 50))
    sc.board(400, 300, 620, 420, angle=-6)
    steak = blob(rng, 120, 0.08, 1.35, 0.85, -8)
    d = steak.paint((112, 52, 30))
    for k in range(-4, 5):          # grill marks, diagonal
        x0 = k * 36
        d.line([steak.xy(x0 - 60, -110), steak.xy(x0 + 60, 110)], fill=(48, 22, 12), width=int(9 * S))
    steak.albedo = add_noise(gblur(steak.albedo, 1.2), rng, 22, blur=1)
    sc.put(steak, 350, 300, shade=0.35, light=0.3, rim=0.6, bevel=0.6, gloss=0.7, tex=8, shadow=0.6)
    for _ in range(16):             # fries
        x, y = 565 + rng.uniform(-45, 45), 330 + rng.uniform(-90, 90)
        shp = rrect(rng.uniform(80, 105), 18, 5, rng.uniform(60, 120))
        sc.put(shp, x, y, jitter(rng, (240, 190, 84), 10), shade=0.3, light=0.15, rim=0.5, bevel=0.5,
               gloss=0.25, tex=8, shadow=0.5)
    r = sc.bowl(205, 150, 58, color=(235, 232, 226))
    sc.sauce(205, 150, r * 0.95, (72, 118, 40), irr=0.05, gloss=0.8, sparkle=6, shadow=0,
             detail=lambda d, s: setattr(s, "albedo", add_noise(s.albedo, rng, 35, blur=1.5)))
    for _ in range(14):
        sc.leaf(350 + rng.uniform(-90, 90), 300 + rng.uniform(-60, 60), rng.uniform(4, 6), rng.uniform(0, 360),
                color=(70, 140, 50))
    sc.knife(760, 300, 92)


def chilcano(sc: Scene):
    """A pisco chilcano: ginger ale over ice, lime and bitters, in a tall glass seen from above."""
    rng = sc.rng
    sc.marble()
    r = sc.glass(410, 300, 150, (232, 214, 150), depth=0.15)
    for _ in range(5):
        a, rr = rng.uniform(0, 2 * math.pi), r * 0.5 * math.sqrt(rng.random())
        sc.ice(410 + rr * math.cos(a), 300 + rr * math.sin(a), rng.uniform(48, 60), rng.uniform(0, 90),
               tint=(245, 240, 215))
    for _ in range(40):             # bubbles
        a, rr = rng.uniform(0, 2 * math.pi), r * 0.95 * math.sqrt(rng.random())
        sc.put(ellipse(rng.uniform(2, 4)), 410 + rr * math.cos(a), 300 + rr * math.sin(a), (255, 252, 235),
               shade=0.05, light=0.3, rim=0.5, bevel=0.8, gloss=0.9, tex=1, shadow=0, alpha=0.7)
    sc.lime_wheel(470, 250, 50, 20)
    sc.put(rrect(200, 14, 7, 125), 340, 370, (30, 30, 34), shade=0.2, light=0.1, rim=0.4, bevel=0.6, gloss=0.4,
           tex=2, shadow=0.5)
    sc.lime_wedge(650, 460, 50, 200)
    sc.lime_wedge(150, 150, 46, 30)


def pan_con_chicharron(sc: Scene):
    rng = sc.rng
    sc.wood(base=(128, 86, 52), plank=140)
    sc.board(400, 310, 600, 380, -4, base=(170, 118, 70))
    for i, (cx, cy, ang) in enumerate(((300, 300, -8), (510, 310, 10))):
        bun = rrect(230, 150, 60, ang)
        d = bun.paint((206, 150, 78))
        for _ in range(60):
            bx, by = rng.uniform(-100, 100), rng.uniform(-60, 60)
            bs = rng.uniform(2, 6)
            d.ellipse([*bun.xy(bx - bs, by - bs), *bun.xy(bx + bs, by + bs)],
                      fill=rng.choice([(226, 180, 104), (176, 116, 50), (236, 196, 128)]))
        sc.put(bun, cx, cy, shade=0.4, light=0.18, rim=0.6, bevel=0.5, gloss=0.2, tex=8, shadow=0.55)
        for j in range(5):  # pork belly and sweet potato peeking out
            sc.put(rrect(44, 24, 8, rng.uniform(-30, 30)), cx - 80 + j * 40, cy + 58,
                   (150, 84, 44) if j % 2 else (232, 140, 48), shade=0.3, light=0.2, rim=0.5, bevel=0.4,
                   gloss=0.3, tex=6, shadow=0.4)
        for _ in range(6):
            sc.onion_sliver(cx + rng.uniform(-70, 70), cy - 50 + rng.uniform(-10, 10), rng.uniform(18, 26),
                            rng.uniform(0, 180))
    sc.leaf(660, 140, 16, 30, color=(50, 120, 40))
    sc.lime_wedge(140, 470, 44, 210)


def tamal_criollo(sc: Scene):
    rng = sc.rng
    sc.linen(base=(226, 214, 190))
    sc.plate(400, 300, 250)
    leaf = rrect(360, 250, 40, -12)
    leaf.paint((58, 104, 50))
    sc.put(leaf, 400, 300, shade=0.3, light=0.15, rim=0.5, bevel=0.3, gloss=0.4, tex=4, shadow=0.4)
    tamal = rrect(250, 160, 50, -12)
    d = tamal.paint((236, 186, 72))
    for _ in range(80):
        bx, by = rng.uniform(-110, 110), rng.uniform(-70, 70)
        bs = rng.uniform(2, 4)
        d.ellipse([*tamal.xy(bx - bs, by - bs), *tamal.xy(bx + bs, by + bs)],
                  fill=rng.choice([(246, 206, 100), (214, 150, 50)]))
    sc.put(tamal, 400, 300, shade=0.35, light=0.18, rim=0.6, bevel=0.45, gloss=0.25, tex=8, shadow=0.5)
    for _ in range(9):
        sc.onion_sliver(420 + rng.uniform(-60, 60), 290 + rng.uniform(-40, 40), rng.uniform(16, 24),
                        rng.uniform(0, 180))
    sc.pepper_ring(360, 270, 12)
    sc.lime_wedge(620, 470, 46, 200)
    sc.fork(120, 300, angle=95)


DISHES = {
    "ceviche-clasico": ceviche_clasico, "causa-limena": causa_limena, "papa-a-la-huancaina": papa_a_la_huancaina,
    "anticuchos": anticuchos, "tequenos": tequenos, "lomo-saltado": lomo_saltado, "aji-de-gallina": aji_de_gallina,
    "arroz-con-mariscos": arroz_con_mariscos, "seco-de-res": seco_de_res, "tacu-tacu": tacu_tacu,
    "suspiro-limeno": suspiro_limeno, "picarones": picarones, "mazamorra-morada": mazamorra_morada,
    "arroz-con-leche": arroz_con_leche, "chicha-morada": chicha_morada, "pisco-sour": pisco_sour,
    "limonada-frozen": limonada_frozen, "cafe-pasado": cafe_pasado, "jugo-de-maracuya": jugo_de_maracuya,
    "lomo-a-la-parrilla": lomo_a_la_parrilla, "chilcano": chilcano,
    "pan-con-chicharron": pan_con_chicharron, "tamal-criollo": tamal_criollo,
}


# --------------------------------------------------------------------------- output
def draw(slug: str) -> Image.Image:
    sc = Scene(random.Random(zlib.crc32(slug.encode())))
    DISHES[slug](sc)
    sc.vignette()
    sc.img = add_noise(sc.img, sc.rng, 4)          # film grain
    return sc.img.resize((W, H), Image.LANCZOS)


def encode(img: Image.Image, limit: int) -> tuple[bytes, int]:
    """The JPEG of the best quality that fits in limit bytes, and that quality."""
    for quality in range(90, 29, -2):
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=quality, optimize=True, progressive=True, subsampling="4:2:0")
        if buf.tell() <= limit:
            return buf.getvalue(), quality
    raise ValueError("cannot fit the image in %d bytes" % limit)


def write(path: Path, data: bytes) -> None:
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def slugs_from_chain() -> list[str]:
    chain = json.loads((HERE / "chain.json").read_text(encoding="utf-8"))
    return [item["key"] for category in chain["categories"] for item in category["items"]]


def main(argv: list[str]) -> None:
    OUT.mkdir(exist_ok=True)
    slugs = argv or list(DISHES)
    for slug in slugs:
        big = draw(slug)
        thumb = big.resize(THUMB, Image.LANCZOS).filter(ImageFilter.UnsharpMask(1, 40, 2))
        photo, q_photo = encode(big, MAX_PHOTO)
        small, q_thumb = encode(thumb, MAX_THUMB)
        write(OUT / f"{slug}.jpg", photo)
        write(OUT / f"{slug}.thumb.jpg", small)
        print(f"{slug}: {len(photo)} B (q{q_photo}), thumb {len(small)} B (q{q_thumb})")
    # every item of the demo chain has its two photos, of the right size and weight
    wanted = slugs_from_chain() if not argv else slugs
    for slug in wanted:
        for name, size, limit in ((f"{slug}.jpg", (W, H), MAX_PHOTO), (f"{slug}.thumb.jpg", THUMB, MAX_THUMB)):
            path = OUT / name
            assert path.exists(), f"missing {path}"
            with Image.open(path) as im:
                assert im.size == size and im.format == "JPEG", f"{path}: {im.format} {im.size}"
            assert path.stat().st_size <= limit, f"{path}: {path.stat().st_size} B > {limit} B"


if __name__ == "__main__":
    main(sys.argv[1:])
