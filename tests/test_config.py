"""The configuration file: the example loads, every problem is one plain line naming the key
and the fix, paths resolve against the config's folder, and no API key ever sits in it."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

import pytest

from sync.config import (
    DEFAULT_ATTENDED_NO,
    DEFAULT_ATTENDED_YES,
    DEFAULT_METHODS,
    DEFAULT_PAYMENT_WORDS,
    ColumnOverride,
    ColumnsSection,
    Config,
    ConfigError,
    DaemonSection,
    SheetSection,
    VocabularySection,
    WixSection,
    load_config,
)
from sync.engine.vocabulary import Vocabulary
from sync.flows.attendee import Payment
from sync.sheet.columns import DEFAULT_COLUMNS, match_headers

EXAMPLE = Path(__file__).resolve().parents[1] / "wixsync.example.toml"
LOCAL = '[sheet]\nfile = "attendance.csv"\n\n[wix]\nsandbox = true\ntime_zone = "America/Denver"\n'
GOOGLE = (
    '[sheet]\ngoogle = "1Xa9UoRqmVb3TnK7pLwZcE5dYhG2sJf8Q0iMvB4tNwA"\n'
    'credentials = "service-account.json"\n\n'
    '[wix]\nsite_id = "3f2a9c1e-7b4d-4e8a-9f10-2c6b5d8e7a01"\ntime_zone = "America/Denver"\n'
)
FAKE_KEY = "IST.eyJraWQiOiJQb3pIX2FDMiIsImFsZyI6IlJTMjU2In0.secret-part"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in a temporary folder, so messages start with the plain "wixsync.toml: "."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def problems(text: str, *, check_files: bool = False) -> list[str]:
    Path("wixsync.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config("wixsync.toml", check_files=check_files)
    assert str(caught.value) == "\n".join(caught.value.problems)
    for line in caught.value.problems:
        assert line.startswith("wixsync.toml: ")
        assert "Input should" not in line
        assert "pydantic" not in line.lower()
    return caught.value.problems


def load(text: str, **kwargs: bool) -> Config:
    Path("wixsync.toml").write_text(text, encoding="utf-8")
    return load_config("wixsync.toml", **kwargs)


# -- the example file ----------------------------------------------------------------------
def test_example_loads_with_the_documented_defaults() -> None:
    config = load_config(EXAMPLE, check_files=False)
    assert config.sheet.google is not None
    assert config.sheet.worksheet_id == 0
    assert config.credentials_path == Path.home() / ".config/wixsync/service-account.json"
    assert config.wix.site_id == "3f2a9c1e-7b4d-4e8a-9f10-2c6b5d8e7a01"
    assert config.wix.api_key_env == "WIX_API_KEY"
    assert config.wix.base_url == "https://www.wixapis.com"
    assert config.wix.rate_per_minute == 200
    assert config.wix.time_zone == "America/Denver"
    assert config.wix.date_order == "MDY"
    assert config.wix.timeout_seconds == (5.0, 30.0)
    assert config.wix.sandbox is False
    assert config.daemon.poll_seconds == config.poll_seconds == 15
    assert config.state_path == EXAMPLE.parent / "wixsync-state/state.sqlite3"
    assert config.log_path is None
    assert config.daemon.alert_after_minutes is None
    assert config.daemon.max_rows_changed == 200
    assert config.vocabulary.payment == DEFAULT_PAYMENT_WORDS
    assert config.vocabulary.attended_yes == DEFAULT_ATTENDED_YES
    assert config.vocabulary.attended_no == DEFAULT_ATTENDED_NO
    assert config.vocabulary.methods == DEFAULT_METHODS
    assert set(config.classes.values()) == {"Open Water Swim", "Masters Swim"}
    assert config.warnings == []


def test_example_documents_every_key_the_schema_knows() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    for section in (SheetSection, ColumnOverride, VocabularySection, WixSection, DaemonSection):
        for key in set(section.model_fields) - {"api_url"}:  # api_url is hidden (tests, demo)
            assert re.search(rf"^# .*\b{key}\b", text, re.MULTILINE), f"{key} has no comment"
            assert re.search(rf"^(# )?{key} = |^\[[a-z.]*\b{key}\]", text, re.MULTILINE), (
                f"{key} has no example"
            )
    for c in DEFAULT_COLUMNS:  # the table of columns, header and aliases as built in
        aliases = f" — {', '.join(c.aliases)}" if c.aliases else ""
        assert f"#   {c.key:<10}  {c.header}{aliases}\n" in text, c.key


def test_minimal_local_file_config_takes_every_default(here: Path) -> None:
    config = load(LOCAL, check_files=False)
    assert config.sheet_path == here / "attendance.csv"
    assert config.state_path == here / "wixsync-state" / "state.sqlite3"
    assert config.columns() == DEFAULT_COLUMNS
    assert config.classes == {}
    assert config.wix.site_id is None


def test_the_demo_config_loads(here: Path) -> None:
    from sync.demo import CONFIG

    config = load(CONFIG, check_files=False)
    assert config.wix.sandbox
    assert config.state_path == here / "state" / "state.sqlite3"


def test_columns_section_knows_every_default_column() -> None:
    assert list(ColumnsSection.model_fields) == [c.key for c in DEFAULT_COLUMNS]


# -- messages --------------------------------------------------------------------------------
def test_misspelt_time_zone_is_named_with_an_example(here: Path) -> None:
    text = LOCAL.replace("America/Denver", "America/Denvr")
    assert problems(text) == [
        'wixsync.toml: [wix] time_zone = "America/Denvr": not a time zone (e.g. "America/Denver")'
    ]


def test_sheet_needs_either_google_or_file(here: Path) -> None:
    assert problems('[sheet]\n[wix]\nsandbox = true\ntime_zone = "UTC"\n') == [
        'wixsync.toml: [sheet]: set either google = "<sheet key or URL>" or file = "<path>"'
    ]
    both = GOOGLE.replace("[sheet]\n", '[sheet]\nfile = "a.csv"\n')
    assert problems(both)[0].endswith(", not both")


def test_unknown_key_suggests_the_closest(here: Path) -> None:
    assert problems(LOCAL + "\n[daemon]\npoll = 15\n") == [
        "wixsync.toml: [daemon] poll = 15: unknown key; did you mean poll_seconds?"
    ]


def test_unknown_key_without_a_close_match_lists_the_known_keys(here: Path) -> None:
    (line,) = problems(LOCAL + "\n[daemon]\ncolour = 1\n")
    assert line.endswith(
        "unknown key; known keys: poll_seconds, state, log, log_level, log_emails, "
        "max_rows_changed, alert_after_minutes"
    )


def test_key_in_the_wrong_section_says_where_it_belongs(here: Path) -> None:
    assert problems(LOCAL + "poll_seconds = 30\n") == [
        "wixsync.toml: [wix] poll_seconds = 30: belongs under [daemon], not [wix]"
    ]
    assert problems('time_zone = "UTC"\n' + LOCAL) == [
        'wixsync.toml: time_zone = "UTC": put it under [wix]'
    ]


def test_unknown_section_suggests_the_closest(here: Path) -> None:
    assert problems(LOCAL + "[deamon]\npoll_seconds = 30\n") == [
        "wixsync.toml: [deamon]: unknown section; did you mean [daemon]?"
    ]


def test_toml_syntax_error_names_line_and_column(here: Path) -> None:
    (line,) = problems("[sheet]\nfile = attendance.csv\n")
    assert line.startswith("wixsync.toml: line 2, column 8: not valid TOML: ")


def test_missing_sections_and_keys_say_what_to_add(here: Path) -> None:
    assert problems("") == [
        'wixsync.toml: [sheet]: missing; add [sheet] with google = "<sheet key or URL>" '
        'or file = "<path>"',
        'wixsync.toml: [wix]: missing; add [wix] with time_zone = "America/Denver" '
        'and site_id = "<your site id>"',
    ]
    assert problems(LOCAL.replace('time_zone = "America/Denver"\n', "")) == [
        'wixsync.toml: [wix] time_zone: missing; set time_zone = "America/Denver" '
        "(the Wix site's time zone)"
    ]


def test_wrong_types_and_ranges_are_said_plainly_one_per_line(here: Path) -> None:
    text = LOCAL.replace(
        "sandbox = true",
        'sandbox = "yes"\nrate_per_minute = 0\ndate_order = "mdy"\ntimeout_seconds = [5, 30, 60]',
    )
    text += '[daemon]\npoll_seconds = "fast"\nmax_rows_changed = 2.5\n'
    assert problems(text) == [
        "wixsync.toml: [wix] rate_per_minute = 0: must be between 1 and 10000",
        'wixsync.toml: [wix] date_order = "mdy": must be one of "MDY" or "DMY"',
        "wixsync.toml: [wix] timeout_seconds = [5, 30, 60]: must be a list of two numbers of "
        "seconds, e.g. [5, 30]",
        'wixsync.toml: [wix] sandbox = "yes": must be true or false (no quotes)',
        'wixsync.toml: [daemon] poll_seconds = "fast": must be a whole number, e.g. 15',
        "wixsync.toml: [daemon] max_rows_changed = 2.5: must be a whole number, e.g. 15",
    ]


def test_site_id_is_required_unless_sandbox(here: Path) -> None:
    (line,) = problems(LOCAL.replace("sandbox = true", "sandbox = false"))
    assert line.startswith('wixsync.toml: [wix]: set site_id = "<your site id>"')
    assert line.endswith("or sandbox = true for the demo")
    (line,) = problems(GOOGLE.replace("3f2a9c1e-7b4d-4e8a-9f10-2c6b5d8e7a01", "my-club"))
    assert line.startswith('wixsync.toml: [wix] site_id = "my-club": not a site id')


def test_base_url_must_be_https_unless_loopback(here: Path) -> None:
    (line,) = problems(GOOGLE + 'base_url = "http://www.wixapis.com"\n')
    assert "must start with https://" in line
    config = load(GOOGLE + 'base_url = "http://127.0.0.1:8765"\n', check_files=False)
    assert config.wix.base_url == "http://127.0.0.1:8765"


def test_missing_config_file_says_how_to_start(here: Path) -> None:
    with pytest.raises(ConfigError, match=r"no such file; copy wixsync\.example\.toml"):
        load_config("wixsync.toml")


# -- paths -------------------------------------------------------------------------------------
def test_relative_paths_resolve_against_the_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "etc"
    folder.mkdir()
    (folder / "wixsync.toml").write_text(
        GOOGLE + '\n[daemon]\nstate = "data/state.sqlite3"\nlog = "../logs/wixsync.log"\n'
    )
    monkeypatch.chdir(tmp_path / "..")
    config = load_config(folder / "wixsync.toml", check_files=False)
    assert config.folder == folder
    assert config.credentials_path == folder / "service-account.json"
    assert config.state_path == folder / "data" / "state.sqlite3"
    assert config.log_path == tmp_path / "logs" / "wixsync.log"
    assert all(p.is_absolute() for p in (config.state_path, config.path))


def test_tilde_is_the_home_folder(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(here / "home"))
    config = load(LOCAL + '[daemon]\nstate = "~/wixsync/state.sqlite3"\n', check_files=False)
    assert config.state_path == here / "home" / "wixsync" / "state.sqlite3"


def test_state_or_log_that_is_a_folder_is_refused(here: Path) -> None:
    (here / "data").mkdir()
    assert problems(LOCAL + '[daemon]\nstate = "data"\nlog = "logs/"\n') == [
        'wixsync.toml: [daemon] state = "data": is a folder; name a file, '
        'e.g. "wixsync-state/state.sqlite3"',
        'wixsync.toml: [daemon] log = "logs/": is a folder; name a file, e.g. "wixsync.log"',
    ]


def test_nul_in_a_path_is_refused(here: Path) -> None:
    assert problems(LOCAL + '[daemon]\nstate = "state\\u0000.db"\n') == [
        'wixsync.toml: [daemon] state = "state\\u0000.db": contains a NUL character; remove it'
    ]


def test_the_daemon_never_writes_over_the_sheet_the_key_or_the_config(here: Path) -> None:
    assert problems(LOCAL + '[daemon]\nstate = "attendance.csv"\nlog = "wixsync.toml"\n') == [
        "wixsync.toml: [daemon] state is the same file as [sheet] file; use another",
        "wixsync.toml: [daemon] log is the same file as the config file; use another",
    ]


def test_files_named_must_exist_when_checked(here: Path) -> None:
    (line,) = problems(GOOGLE, check_files=True)
    assert line.startswith('wixsync.toml: [sheet] credentials = "service-account.json": no such')
    (line,) = problems(LOCAL, check_files=True)
    assert line.startswith('wixsync.toml: [sheet] file = "attendance.csv": no such file')


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_credentials_readable_by_others_is_a_warning(here: Path) -> None:
    key = here / "service-account.json"
    key.write_text('{"type": "service_account"}')
    key.chmod(0o644)
    config = load(GOOGLE, check_files=True)
    assert config.warnings == [
        f"The key file {key} is open to its group and other users (mode 0644): run chmod 600 {key}"
    ]
    key.chmod(0o600)
    assert load(GOOGLE, check_files=True).warnings == []


# -- the API key -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "lines",
    [
        f'api_key = "{FAKE_KEY}"',
        f'api_key_env = "{FAKE_KEY}"',
        f'webhook = "{"k" * 120}"',
        f'extra = ["{FAKE_KEY}"]',
    ],
)
def test_a_key_in_the_file_is_refused_and_never_echoed(here: Path, lines: str) -> None:
    (line,) = problems(GOOGLE + lines + "\n")
    assert "looks like a Wix API key" in line
    assert "set the environment variable WIX_API_KEY instead" in line
    assert FAKE_KEY not in line
    assert "k" * 100 not in line


def test_a_key_outside_wix_is_refused_too(here: Path) -> None:
    (line,) = problems(LOCAL + f'[classes]\n"Open Water" = "{FAKE_KEY}"\n')
    assert line.startswith('wixsync.toml: [classes] "Open Water": looks like a Wix API key')


def test_api_key_comes_from_the_environment(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = load(GOOGLE + 'api_key_env = "CLUB_WIX_KEY"\n', check_files=False)
    monkeypatch.delenv("CLUB_WIX_KEY", raising=False)
    with pytest.raises(ConfigError) as caught:
        config.api_key()
    assert str(caught.value) == (
        "Set the Wix API key in the environment variable CLUB_WIX_KEY (never in the file)"
    )
    monkeypatch.setenv("CLUB_WIX_KEY", FAKE_KEY)
    assert config.api_key() == FAKE_KEY
    assert FAKE_KEY not in repr(config)
    assert FAKE_KEY not in str(config)


# -- columns, vocabulary, classes -------------------------------------------------------------
def test_columns_overrides_rename_and_replace_aliases(here: Path) -> None:
    text = LOCAL + '[columns.name]\nheader = "Swimmer name"\naliases = ["Athlete"]\n'
    columns = {c.key: c for c in load(text, check_files=False).columns()}
    assert columns["name"] == replace(
        DEFAULT_COLUMNS[3], header="Swimmer name", aliases=("Athlete",)
    )
    assert columns["email"] == DEFAULT_COLUMNS[4]
    layout = match_headers(
        ["Date", "Class", "athlete", "Email", "Payment"], tuple(columns.values())
    )
    assert layout.index("name") == 2


def test_unknown_column_lists_the_known_columns(here: Path) -> None:
    (line,) = problems(LOCAL + '[columns.class]\nheader = "Session"\n')
    assert line == (
        "wixsync.toml: [columns] class: unknown key; did you mean class_name? Known keys: "
        + ", ".join(c.key for c in DEFAULT_COLUMNS)
    )


def test_a_column_name_may_belong_to_one_column_only(here: Path) -> None:
    assert problems(LOCAL + '[columns.payment]\naliases = ["Came"]\n') == [
        'wixsync.toml: [columns]: "Came" names both payment and attended; a name may belong '
        "to one column only"
    ]


def test_vocabulary_override_replaces_one_meaning_and_keeps_the_others(here: Path) -> None:
    text = LOCAL + '[vocabulary.payment]\ncash = ["efectivo"]\n'
    vocabulary = load(text, check_files=False).vocabulary
    assert vocabulary.payment["cash"] == ["efectivo"]
    assert vocabulary.payment["plan"] == DEFAULT_PAYMENT_WORDS["plan"]
    parser = Vocabulary.from_config(
        vocabulary.payment, vocabulary.attended_yes, vocabulary.attended_no
    )
    assert parser.payment("Efectivo") == parser.payment("cash") == Payment.CASH


def test_defaults_are_the_parsers_own_words() -> None:
    default = VocabularySection()
    parser = Vocabulary.from_config(default.payment, default.attended_yes, default.attended_no)
    assert parser == Vocabulary()


def test_a_word_with_two_meanings_is_refused(here: Path) -> None:
    assert problems(LOCAL + '[vocabulary.payment]\nunpaid = ["Pay  Later", "Cash"]\n') == [
        'wixsync.toml: [vocabulary]: "Cash" is under both payment.cash and payment.unpaid; '
        "a word may have one meaning only"
    ]
    assert problems(LOCAL + '[vocabulary]\nattended_no = ["No-show", "X"]\n') == [
        'wixsync.toml: [vocabulary]: "X" is under both attended_yes and attended_no; '
        "a word may have one meaning only"
    ]
    text = LOCAL + '[vocabulary.payment]\ncash = ["paid"]\nunpaid = ["PAID!"]\n'
    (line,) = problems(text)  # matched as the parser matches: no case, spaces, punctuation
    assert line.startswith('wixsync.toml: [vocabulary]: "PAID!" is under both payment.cash')
    (line,) = problems(LOCAL + '[vocabulary]\nattended_yes = ["--"]\n')
    assert line == 'wixsync.toml: [vocabulary]: "--" has no letters, digits or symbols'


def _parser(config: Config) -> Vocabulary:
    v = config.vocabulary
    return Vocabulary.from_config(v.payment, v.attended_yes, v.attended_no, v.methods)


def test_methods_left_out_name_the_built_in_methods(here: Path) -> None:
    parser = _parser(load(LOCAL, check_files=False))
    assert load(LOCAL, check_files=False).vocabulary.methods is None
    said = {w: (parser.payment(w), parser.method(w)) for w in ("Visa", "chq", "Wire", "$")}
    assert said == {
        "Visa": (Payment.CASH, "card"),
        "chq": (Payment.CASH, "check"),
        "Wire": (Payment.CASH, "bank_transfer"),
        "$": (Payment.CASH, "cash"),
    }


def test_the_clubs_own_method_keeps_the_built_in_ones(here: Path) -> None:
    text = LOCAL + '[vocabulary]\nmethods = { card = ["card", "visa"], "Venmo" = ["venmo"] }\n'
    config = load(text, check_files=False)
    assert config.vocabulary.methods == {
        "check": DEFAULT_METHODS["check"],
        "bank_transfer": DEFAULT_METHODS["bank_transfer"],
        "card": ["card", "visa"],
        "Venmo": ["venmo"],
    }
    parser = _parser(config)
    assert parser.payment("VENMO") == Payment.CASH  # a method's word is a cash word
    assert parser.method("venmo") == "venmo"
    assert parser.method("Cheque") == "check"  # not turned back into plain cash
    assert parser.method("mastercard") == "cash"  # still a cash word; card lists it no more


def test_a_built_in_method_written_empty_makes_its_words_plain_cash(here: Path) -> None:
    parser = _parser(load(LOCAL + "[vocabulary.methods]\nCard = []\n", check_files=False))
    assert (parser.payment("visa"), parser.method("visa")) == (Payment.CASH, "cash")
    assert parser.method("cheque") == "check"


@pytest.mark.parametrize(
    ("methods", "message"),
    [
        (
            '"Venmo" = ["venmo", "Later"]',
            '"Later" is under both methods.Venmo and payment.unpaid; a word may have one '
            "meaning only",
        ),
        (
            'card = ["plan"]',
            '"plan" is under both methods.card and payment.plan; a word may have one meaning only',
        ),
        (
            '"Venmo" = ["venmo", "Visa"]',
            '"Visa" is under both methods.card and methods.Venmo; a word may have one meaning only',
        ),
        ('card = ["--"]', '"--" has no letters, digits or symbols'),
    ],
)
def test_a_method_word_with_another_meaning_is_refused(
    here: Path, methods: str, message: str
) -> None:
    assert problems(LOCAL + f"[vocabulary.methods]\n{methods}\n") == [
        f"wixsync.toml: [vocabulary]: {message}"
    ]


def test_cheque_and_check_are_one_method(here: Path) -> None:
    text = LOCAL + '[vocabulary.methods]\nCheque = ["chq"]\ncheck = ["cheque"]\n'
    parser = _parser(load(text, check_files=False))
    assert parser.method("chq") == parser.method("cheque") == "check"
    assert parser.payment("check") == Payment.CASH  # a default cash word, now plain cash
    assert parser.method("check") == "cash"


def test_unknown_payment_meaning_lists_the_meanings(here: Path) -> None:
    assert problems(LOCAL + '[vocabulary.payment]\ncard = ["card"]\n') == [
        "wixsync.toml: [vocabulary.payment] card: unknown key; known keys: cash, plan, unpaid, "
        "cancel"
    ]


def test_class_names_differing_only_in_case_are_refused(here: Path) -> None:
    (line,) = problems(LOCAL + '[classes]\n"Open Water" = "A"\n"open water" = "B"\n')
    assert line.startswith('wixsync.toml: [classes]: "Open Water" and "open water" are one')


# -- the sheet -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8080", "http://localhost:9000/", "https://[::1]:8443"]
)
def test_api_url_on_loopback_is_accepted(here: Path, url: str) -> None:
    text = GOOGLE.replace("[wix]", f'api_url = "{url}"\n\n[wix]')
    assert load(text, check_files=False).sheet.api_url == url


@pytest.mark.parametrize(
    "url", ["https://sheets.googleapis.com", "http://10.0.0.8:8080", "file:///etc/passwd"]
)
def test_api_url_off_loopback_is_refused(here: Path, url: str) -> None:
    text = GOOGLE.replace("[wix]", f'api_url = "{url}"\n\n[wix]')
    assert problems(text) == [
        f'wixsync.toml: [sheet] api_url = "{url}": loopback only (127.0.0.1, ::1, localhost); '
        "delete it for Google"
    ]


def test_a_pasted_tab_url_picks_that_tab(here: Path) -> None:
    url = "https://docs.google.com/spreadsheets/d/1Xa9UoRqmVb3TnK7pLwZcE5dYhG2sJf8Q0iMvB4tNwA"
    text = GOOGLE.replace("1Xa9UoRqmVb3TnK7pLwZcE5dYhG2sJf8Q0iMvB4tNwA", f"{url}/edit#gid=1234")
    assert load(text, check_files=False).sheet.worksheet_id == 1234
    text = text.replace("[wix]", "worksheet_id = 7\n\n[wix]")
    assert load(text, check_files=False).sheet.worksheet_id == 7


def test_google_needs_credentials_and_a_file_refuses_google_keys(here: Path) -> None:
    (line,) = problems(GOOGLE.replace('credentials = "service-account.json"\n', ""))
    assert line.startswith('wixsync.toml: [sheet]: with google, set credentials = "')
    (line,) = problems(LOCAL.replace("[wix]", "worksheet_id = 3\n[wix]"))
    assert line == (
        "wixsync.toml: [sheet]: worksheet_id is for a Google Sheet; delete it when using file"
    )
    (line,) = problems(LOCAL.replace("attendance.csv", "attendance.ods"))
    assert line == 'wixsync.toml: [sheet] file = "attendance.ods": must be a .csv or .xlsx file'
