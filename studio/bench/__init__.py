"""The performance benchmark: our pipeline against the ffmpeg CLI doing the same job.

``studio bench`` builds a standard shopping scene (:mod:`.scene`), runs it through our pipeline
(:mod:`.ours`), through the ffmpeg CLI (:mod:`.ffmpeg_ref`) and through the encoder alone
(:mod:`.floor`), each in its own process so CPU time and peak memory are measured per run
(:mod:`.processes`), then probes latency, memory growth and cold start. ``--quick`` answers
which canvas sizes and presets this machine sustains in real time (:mod:`.quick`).
"""
