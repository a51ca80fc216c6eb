"""Parts of the drill capacity benchmark (``benchmarks/drill_capacity.py``).

- :mod:`.server`: one Voila server for the drill notebook, started with ``make drill``'s own options, and
  what it costs (memory and CPU of Voila and its kernels, kernels alive).
- :mod:`.widget_client`: a page of the drill as the server sees it, without a browser: the page request
  (which starts and runs the trainee's kernel), the kernel websocket, and a mirror of the page's widgets
  kept by the same messages a browser's widget manager exchanges.
- :mod:`.trainee`: a simulated trainee on such a page (name, drill, one answer after another, the timer a
  browser ticks), and one real Chromium trainee as a probe of what a browser sees.

This folder holds no ``*.py`` at the top of ``benchmarks/``, so ``make bench`` runs only the benchmark.
"""
