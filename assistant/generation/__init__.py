"""Optional generated answers: a local language model writes a short answer from the cited
evidence, and every sentence it writes is checked against the passages it cites.

The extractive answer stays the default and the fallback; see ``generate.Generation``.
"""

from assistant.generation.generate import Generated, Generation, attach_generation, generate

__all__ = ["Generated", "Generation", "attach_generation", "generate"]
