"""Studio's video and time refusals (from the pure core, core/media.py) reach the author translated."""
import json

from tests.integration.test_studio import STAFF, editor_state, empty  # noqa: F401


def check(workbench, usage_id, item, language):
    return workbench.client.post(f"/handler/{usage_id}/studio_check/?student={STAFF}",
                                 json.dumps({"item": item, "taken_ids": []}), content_type="application/json",
                                 HTTP_ACCEPT_LANGUAGE=language).json()["errors"]


def test_media_refusals_are_translated_with_their_values(workbench, empty):  # noqa: F811
    item = dict(editor_state()["content"]["items"][0], url="https://example.com/page", start="99:99:99:99",
                end="-5")
    english = check(workbench, empty, item, "en")
    assert english["url"] == '"https://example.com/page" is not a YouTube, Vimeo or direct media (.mp4, .webm, .ogg, .m3u8) URL.'
    assert english["start"].startswith('"99:99:99:99" is not a valid time. Use seconds (75)')
    spanish = check(workbench, empty, item, "es")
    assert spanish["url"] == "«https://example.com/page» no es una URL de YouTube, de Vimeo ni de un archivo multimedia directo (.mp4, .webm, .ogg, .m3u8)."
    assert spanish["start"] == "«99:99:99:99» no es un tiempo válido. Use segundos (75), minutos y segundos (1:15), horas, minutos y segundos (1:02:03) o 1h2m3s."
    arabic = check(workbench, empty, item, "ar")
    assert arabic["url"].startswith("«https://example.com/page» ليس رابطًا")


def test_transcript_refusals_are_translated_with_their_values(workbench, empty):  # noqa: F811
    base = editor_state()["content"]["items"][0]
    not_vtt = dict(base, transcript="1\n00:00:01,000 --> 00:00:04,000\nHello\n")
    assert check(workbench, empty, not_vtt, "es")["transcript"] == (
        "La transcripción no es WebVTT válido: debe empezar por «WEBVTT». Si es un archivo SRT, elija el formato SRT.")
    bad_line = dict(base, transcript="WEBVTT\n\n00:01:00.000 --> nonsense\nHello\n")
    english = check(workbench, empty, bad_line, "en")["transcript"]
    assert english == 'Line 3 is not a valid cue timing line: "00:01:00.000 --> nonsense". Write it like 00:00:01.000 --> 00:00:04.000.'
    assert check(workbench, empty, bad_line, "ar")["transcript"] == (
        "السطر 3 ليس سطر توقيت صالحًا للترجمة: «00:01:00.000 --> nonsense». اكتبه هكذا: 00:00:01.000 --> 00:00:04.000.")


def test_video_host_refusals_are_translated_with_their_parts(workbench, empty):  # noqa: F811
    playlist = "https://www.youtube.com/playlist?list=PL590L5WQmH8fJ54F369BLDSqIwcs-TCfs"
    item = dict(editor_state()["content"]["items"][0], url=playlist)
    assert check(workbench, empty, item, "en")["url"].startswith(f'"{playlist}" is a YouTube playlist, not one video. Paste')
    assert check(workbench, empty, item, "es")["url"] == (
        f"«{playlist}» es una lista de reproducción de YouTube, no un solo vídeo. Pegue en su lugar el enlace de un "
        "solo vídeo, p. ej. https://www.youtube.com/watch?v=VIDEO_ID (Compartir → Copiar enlace en el vídeo).")
