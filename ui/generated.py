"""Generated answers in the chat: the model's text streamed as it is written, then the
validated answer under a label that says which answer it is.

Only when a provider is configured (``SCR_GENERATION_PROVIDER``). The streamed text is a
draft: it is replaced by what validation kept, or by the extractive answer, once the model
stops. Model text is treated like document text (``ui.render``): a prompt-injected document
can make the model write markdown, so every piece is shown literally, never interpreted.
"""

from __future__ import annotations

import streamlit as st

from assistant.generation.generate import FALLBACK, GENERATED, Generation
from ui import render

EXTRACTIVE_LABEL = "Quoted from the reviews: sentences copied word for word, each with its source."


def enabled(assistant) -> bool:
    return assistant.settings.generation_provider != "none"


def stream_into(assistant, answer) -> None:
    """Stream a generated answer into the page and keep its validated result on ``answer``."""
    generation = Generation(answer, assistant.settings, assistant.embeddings.encode)
    draft = st.empty()
    with draft.container():
        st.caption("Draft from the language model, being checked against the extracts…")
        st.write_stream(render.markdown_literal(piece) for piece in generation.stream())
    draft.empty()
    answer.generated = generation.result.to_dict()


def label(generated: dict | None) -> str:
    """What the reader is looking at, in one line."""
    if not generated:
        return EXTRACTIVE_LABEL
    if generated["mode"] == GENERATED:
        kept, dropped = len(generated["kept_sentences"]), len(generated["dropped_sentences"])
        removed = f"; {dropped} unsupported sentence(s) removed" if dropped else ""
        return (
            f"Generated answer ({generated['provider']}: {_model_name(generated['model'])}), validated: "
            f"each of its {kept} sentence(s) is supported by the extracts it cites{removed}."
        )
    assert generated["mode"] == FALLBACK
    reason = generated.get("error") or generated.get("note") or "the generated text did not pass validation"
    return f"{EXTRACTIVE_LABEL} The written answer is not shown: {reason}."


def _model_name(model: str) -> str:
    return model.rsplit("/", 1)[-1] or "model"


def render_answer_text(answer) -> None:
    """The answer a person should read, under its label."""
    generated = answer.generated
    if answer.abstained:  # neither kind of answer: the text says why nothing answers it
        st.html(render.block(render.escape(answer.answer), "scr-text scr-abstain"))
        return
    st.html(render.block(render.escape(label(generated)), "scr-ref scr-answer-label"))
    if generated and generated["mode"] == GENERATED:
        st.html(render.block(render.escape(generated["text"])))
        if generated["dropped_sentences"]:
            with st.expander(f"Sentences removed by validation ({len(generated['dropped_sentences'])})"):
                rows = "".join(
                    f"<li>{render.escape(d['text'])} <em>({render.escape('; '.join(d['reasons']))})</em></li>"
                    for d in generated["dropped_sentences"]
                )
                st.html(render.block(f"<ul>{rows}</ul>"))
        with st.expander("Quoted from the reviews (word for word)"):
            st.html(render.block(render.escape(answer.answer)))
    else:
        st.html(render.block(render.escape(answer.answer)))

