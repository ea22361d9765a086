"""Page furniture: the lines of a page that are never facts (links, promotions, credits,
share and comment lines, tags, a headline repeated in front of a caption)."""

from __future__ import annotations

import re

FURNITURE: tuple[tuple[str, str, str], ...] = (
    (r"^baca\s+juga\b", "read-also link", "skip-read-also"),
    (r"^pilihan\s+editor\b", "editor's picks link", "skip-editors-picks"),
    (r"^(?:berita\s+terkini|berita\s+terkait|artikel\s+terkait|terpopuler)\b", "related-news list", "skip-related"),
    (r"^topik\s*:|^tag\s*:|^tags\s*:", "topic tags", "skip-tags"),
    (r"^(?:foto|sumber\s+foto|photo|ilustrasi)\s*:", "photo credit", "skip-photo-credit"),
    (r"^(?:top|bottom)\s+of\s+page$", "page navigation", "skip-navigation"),
    (r"^(?:comments?|komentar|tulis\s+komentar|bagikan|share|ikuti\s+kami)\b.{0,40}$", "share or comment line", "skip-share-comment"),
    (r"^(?:dapatkan\s+update|mari\s+bergabung|download\s+aplikasi|simak\s+berita|ikuti\s+berita|klik\s+di\s?sini|segera\s+lengkapi)", "promotion", "skip-promotion"),
    (r"#\w*berkomentar|t\.me/|whatsapp\s+channel|google\s+news", "promotion", "skip-promotion"),
    (r"^[•·*]\s*\S.{0,40}$", "byline or list furniture", "skip-byline"),
    (r"^-\s?[a-z]{2,4}$|^\(\s?[a-z]{2,4}\s?\)$", "editor's initials", "skip-initials"),
    (r"^(?:penulis|editor|reporter|pewarta|redaktur)\s*:", "byline", "skip-byline"),
)


def furniture(line: str) -> tuple[str, str] | None:
    """(reason, rule) when the whole line is page furniture."""
    for pattern, reason, rule in FURNITURE:
        if re.search(pattern, line.strip(), re.IGNORECASE):
            return reason, rule
    return None


def trailing_initials(line: str) -> re.Match | None:
    """An editor's initials at the end of a paragraph (" -red")."""
    return re.search(r"\s(-\s?[a-z]{2,4})$", line)


def trailing_credit(line: str) -> re.Match | None:
    """A photo credit closing a caption ("(Dok. Kemenlu)", "(Foto: …)")."""
    return re.search(r"\s(\((?:dok\.|dokumentasi|foto\s*:|sumber\s*:)[^()]*\))$", line, re.IGNORECASE)
