"""Premultiplied BGRA → YUV 4:2:0 with alpha, BT.709 limited range (what HD encoders signal).

The conversion is linear, so it can work on premultiplied values directly: the result is
"premultiplied YUV" (``Y·a``), which is what the blend needs.
"""

from __future__ import annotations

import numpy as np

# BT.709 limited-range coefficients for 8-bit RGB in [0, 255].
_KR, _KG, _KB = 0.2126, 0.7152, 0.0722
_Y_SCALE = 219.0 / 255.0
_C_SCALE = 224.0 / 255.0
_Y_R, _Y_G, _Y_B = _KR * _Y_SCALE, _KG * _Y_SCALE, _KB * _Y_SCALE
_U_R = -_KR / (2 * (1 - _KB)) * _C_SCALE
_U_G = -_KG / (2 * (1 - _KB)) * _C_SCALE
_U_B = 0.5 * _C_SCALE
_V_R = 0.5 * _C_SCALE
_V_G = -_KG / (2 * (1 - _KR)) * _C_SCALE
_V_B = -_KB / (2 * (1 - _KR)) * _C_SCALE


def premultiplied_bgra_to_yuva(
    bgra: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return (Y·a, U·a, V·a, a_luma, a_chroma) as float32, values in 0..255 units.

    ``bgra`` must have even width and height. ``a_luma`` is the alpha per luma sample in 0..1;
    ``a_chroma`` the mean alpha of each 2×2 block, matching 4:2:0 chroma.
    """
    pixels = bgra.astype(np.float32)
    b, g, r = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    alpha = pixels[..., 3] * (1.0 / 255.0)
    y_premul = 16.0 * alpha + _Y_R * r + _Y_G * g + _Y_B * b

    height, width = alpha.shape

    # Average 2×2 blocks of the premultiplied colour and of alpha for the chroma planes.
    def down(channel: np.ndarray) -> np.ndarray:
        return channel.reshape(height // 2, 2, width // 2, 2).mean(axis=(1, 3))

    rc, gc, bc, ac = down(r), down(g), down(b), down(alpha)
    u_premul = 128.0 * ac + _U_R * rc + _U_G * gc + _U_B * bc
    v_premul = 128.0 * ac + _V_R * rc + _V_G * gc + _V_B * bc
    return y_premul, u_premul, v_premul, alpha, ac


def rgb_to_yuv709(r: float, g: float, b: float) -> tuple[float, float, float]:
    """One colour, for tests and solid fills."""
    y = 16.0 + _Y_R * r + _Y_G * g + _Y_B * b
    u = 128.0 + _U_R * r + _U_G * g + _U_B * b
    v = 128.0 + _V_R * r + _V_G * g + _V_B * b
    return y, u, v
