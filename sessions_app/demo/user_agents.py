"""Real user agents of browsers, apps and bots, as their clients send them.

Each entry names the kind of device it comes from. An app also names the services it
signs in to, and an app with no services named signs in to any service.
"""

from dataclasses import dataclass

DESKTOP = "desktop"
PHONE = "phone"
TABLET = "tablet"
APP = "app"
BOT = "bot"

# Weight of browsers and systems that few people still use.
RARE = 0.2


@dataclass(frozen=True)
class DemoUserAgent:
    """A user agent header with the kind of client that sends it."""

    kind: str
    text: str
    services: tuple[str, ...] = ()
    # How often people use it, relative to the others of its kind.
    weight: float = 1.0


def browsers(kind, *entries):
    """Build user agents of one kind from texts, or ``(text, weight)`` pairs."""
    return [
        DemoUserAgent(kind, *entry[:1], weight=entry[1])
        if isinstance(entry, tuple)
        else DemoUserAgent(kind, entry)
        for entry in entries
    ]


def app(text, *services):
    return DemoUserAgent(APP, text, tuple(services))


DESKTOP_BROWSERS = browsers(
    DESKTOP,
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/119.0.0.0 Safari/537.36 Edg/119.0.2151.97",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0",
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36 OPR/104.0.0.0",
        RARE,
    ),
    (
        "Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36",
        RARE,
    ),
    (
        "Mozilla/5.0 (Windows NT 6.3; Win64; x64; rv:115.0) Gecko/20100101 "
        "Firefox/115.0",
        RARE,
    ),
    (
        "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko",
        RARE,
    ),
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.1 Safari/605.1.15",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:121.0) Gecko/20100101 "
    "Firefox/121.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1_2) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.1.2 Safari/605.1.15",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.61",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 13_6_1) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/16.6 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
    (
        "Mozilla/5.0 (X11; Fedora; Linux x86_64; rv:120.0) Gecko/20100101 "
        "Firefox/120.0",
        RARE,
    ),
    "Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Firefox/115.0",
    "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36",
    (
        "Mozilla/5.0 (X11; CrOS aarch64 15633.69.0) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/119.0.6045.212 Safari/537.36",
        RARE,
    ),
    (
        "Mozilla/5.0 (X11; FreeBSD amd64; rv:120.0) Gecko/20100101 Firefox/120.0",
        RARE,
    ),
)

PHONE_BROWSERS = browsers(
    PHONE,
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1",
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 15_8 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/15.6.6 Mobile/15E148 Safari/604.1",
        RARE,
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) FxiOS/121.0 Mobile/15E148 Safari/605.1.15",
        RARE,
    ),
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.6099.144 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 12; M2101K6G) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36",
    "Mozilla/5.0 (Android 14; Mobile; rv:121.0) Gecko/121.0 Firefox/121.0",
    "Mozilla/5.0 (Linux; Android 11; moto g(30)) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/119.0.6045.193 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36",
    (
        "Mozilla/5.0 (Linux; Android 13; CPH2451) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/120.0.6099.43 Mobile Safari/537.36 "
        "OPR/79.1.4195.76505",
        RARE,
    ),
)

TABLET_BROWSERS = browsers(
    TABLET,
    "Mozilla/5.0 (iPad; CPU OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (iPad; CPU OS 16_7_2 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.6099.144 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 12; Lenovo TB-J606F) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/119.0.6045.163 Safari/537.36",
    (
        "Mozilla/5.0 (Linux; Android 11; KFTRWI) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Silk/119.3.1 like Chrome/119.0.6045.193 Safari/537.36",
        RARE,
    ),
)

DESKTOP_APPS = [
    app(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Slack/4.35.131 Chrome/118.0.5993.159 Electron/27.1.3 "
        "Safari/537.36 Sonic/4.35.131",
        "Chat",
    ),
    app(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/118.0.0.0 Electron/27.1.3 Safari/537.36",
        "Chat",
    ),
    app(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/114.0.5735.289 Electron/25.8.4 Safari/537.36 "
        "Teams/1.6.00.33567",
        "Chat",
        "Calendar",
    ),
    app(
        "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17029; Pro)",
        "Mail",
        "Calendar",
    ),
    app("Microsoft Office Outlook 2016 (Windows NT 10.0)", "Mail", "Calendar"),
    app(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko)",
        "Mail",
    ),
    app(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 "
        "Thunderbird/115.5.2",
        "Mail",
        "Calendar",
    ),
    app(
        "Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Thunderbird/115.5.2",
        "Mail",
        "Calendar",
    ),
    app("Zoom/5.16.10 (Windows NT 10.0; Win64; x64)", "Calendar"),
    app("openvpn-connect/3.4.2 (Windows 10; x86_64)", "VPN"),
    app("GlobalProtect/6.1.3 (Apple Mac OS X 14.1.2)", "VPN"),
    app("Cisco AnyConnect Secure Mobility Client/4.10.07073 (Windows 10)", "VPN"),
    app("DropboxDesktopClient/187.4.5691 (Windows; 10.0; Pro; en_GB; 64-bit)", "Drive"),
]

MOBILE_APPS = [
    app("Slack/23.11.10 CFNetwork/1485 Darwin/23.1.0", "Chat"),
    app("Mail/3731.700.6 CFNetwork/1474 Darwin/23.0.0", "Mail"),
    app("Calendar/2.0 CFNetwork/1485 Darwin/23.1.0", "Calendar"),
    app("iOS/17.1.2 (21B101) dataaccessd/1.0", "Mail", "Calendar"),
    app("OneDrive/23.226.1031 CFNetwork/1485 Darwin/23.1.0", "Drive"),
    app("WireGuard/1.0.15 (iOS 17.1.2)", "VPN"),
    app(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) "
        "AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    ),
    app("Dalvik/2.1.0 (Linux; U; Android 14; Pixel 7 Build/UQ1A.231205.015)"),
    app("Dalvik/2.1.0 (Linux; U; Android 13; SM-A536B Build/TP1A.220624.014)"),
    app(
        "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/UD1A.231105.004; wv) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.144 "
        "Mobile Safari/537.36",
    ),
]

# Monitoring robots, scripts and test automation that sign in with service accounts.
BOTS = [
    DemoUserAgent(BOT, text)
    for text in (
        "Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
        "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)",
        "curl/8.4.0",
        "python-requests/2.31.0",
        "Go-http-client/2.0",
        "okhttp/4.12.0",
        "PostmanRuntime/7.36.0",
        "Apache-HttpClient/4.5.14 (Java/17.0.9)",
        "Wget/1.21.4",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "HeadlessChrome/120.0.6099.109 Safari/537.36",
    )
]

PERSONAL_DEVICES = DESKTOP_BROWSERS + PHONE_BROWSERS + TABLET_BROWSERS
APPS = DESKTOP_APPS + MOBILE_APPS
ALL_USER_AGENTS = PERSONAL_DEVICES + APPS + BOTS
