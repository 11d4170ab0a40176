import settings  # noqa: F401  (its process-wide defaults, OPENBLAS_THREAD_TIMEOUT among them, before numpy loads)
