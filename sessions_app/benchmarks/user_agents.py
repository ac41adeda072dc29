"""Real-world user agents for benchmark data: common browsers, mail clients and tools.

The templates follow the formats that browsers sent in 2023 and 2024: Chrome and its
derivatives report ``<major>.0.0.0`` since user-agent reduction, Edge and Android
WebView still carry full build numbers.
"""

import random

CHROME_VERSIONS = range(109, 132)
FIREFOX_VERSIONS = range(115, 134)
SAFARI_VERSIONS = ["15.6.1", "16.5", "16.6", "17.0", "17.1", "17.2", "17.3", "17.4"]
IOS_VERSIONS = ["15_7", "16_6", "16_7_2", "17_0", "17_1_2", "17_2_1", "17_3", "17_4"]
ANDROID_DEVICES = [
    ("10", "K"),
    ("13", "SM-S918B"),
    ("13", "SM-A536B"),
    ("14", "Pixel 8"),
    ("14", "Pixel 7a"),
    ("12", "M2101K6G"),
    ("13", "CPH2451"),
]

# Each template is filled with a version drawn from the ranges above.
DESKTOP_TEMPLATES = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/{chrome}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/{chrome}.0.0.0 Safari/537.36 Edg/{chrome}.0.{build}.{patch}",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{firefox}.0) Gecko/20100101 "
    "Firefox/{firefox}.0",
    "Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/109.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/{chrome}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/{safari} Safari/605.1.15",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:{firefox}.0) Gecko/20100101 "
    "Firefox/{firefox}.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/{chrome}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:{firefox}.0) Gecko/20100101 "
    "Firefox/{firefox}.0",
    "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/{chrome}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 "
    "Thunderbird/115.{minor}.0",
]
MOBILE_TEMPLATES = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS {ios} like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/{ios_version} Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (iPad; CPU OS {ios} like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/{ios_version} Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (iPhone; CPU iPhone OS {ios} like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) CriOS/{chrome}.0.{build}.{patch} Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android {android}; {device}) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/{chrome}.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android {android}; {device}) AppleWebKit/537.36 "
    "(KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android {android}; {device}; wv) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Version/4.0 Chrome/{chrome}.0.{build}.{patch} Mobile "
    "Safari/537.36",
]
TOOL_USER_AGENTS = [
    "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17029; Pro)",
    "Outlook-iOS/723.4027091.prod.iphone (4.2349.0)",
    "curl/8.4.0",
    "python-requests/2.31.0",
    "okhttp/4.12.0",
    "",
]


def fill_template(template, rng):
    """Return a template filled with versions drawn by ``rng``."""
    android, device = rng.choice(ANDROID_DEVICES)
    ios = rng.choice(IOS_VERSIONS)
    return template.format(
        chrome=rng.choice(CHROME_VERSIONS),
        firefox=rng.choice(FIREFOX_VERSIONS),
        safari=rng.choice(SAFARI_VERSIONS),
        ios=ios,
        ios_version=ios.replace("_", ".")[:4].rstrip("."),
        android=android,
        device=device,
        build=rng.randrange(1000, 7000),
        patch=rng.randrange(1, 250),
        minor=rng.randrange(1, 20),
    )


def build_user_agent_pool(size, seed=0):
    """Return ``size`` distinct user agents, most popular first.

    About two thirds are desktop browsers, a quarter mobile ones and a few mail clients
    and scripts, as in the sign-in logs of an office.
    """
    rng = random.Random(seed)
    pool = dict.fromkeys(TOOL_USER_AGENTS[: max(size // 50, 1)])
    while len(pool) < size:
        templates = DESKTOP_TEMPLATES if rng.random() < 0.7 else MOBILE_TEMPLATES
        pool.setdefault(fill_template(rng.choice(templates), rng))
    agents = list(pool)[:size]
    rng.shuffle(agents)
    return agents
