"""RTMP(S) in plain Python: the chunk stream, AMF0, and a publisher that names the step that
failed. Each destination's uplink child sends the show with it; preflight's test connection
and upload probe use it too. It imports no FFmpeg, numpy or Qt, so an uplink child stays small.
"""
