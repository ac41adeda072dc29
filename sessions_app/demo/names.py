"""Names of the people, service accounts and services in demo sessions."""

# Whitespace-separated, so that the formatter keeps the lists compact.
FIRST_NAMES = """
    Aisha Aleksander Amara Ana André Anika Arjun Astrid Beatriz Bilal Camille Carlos
    Chen Chiara Chloé Daniel Dmitri Elena Emeka Emma Fatima Felipe Freya Gabriel Hana
    Hannah Hiroshi Ingrid Isabel Ivan Jakub Jamal Ji-woo João Julia Kai Kofi Lars
    Layla Leila Liam Lucas Lucía Maja Malik Mariam Mateo Mei Mohammed Nadia Naledi
    Noah Nour Olga Omar Oscar Priya Rafael Ravi Rin Rosa Saanvi Samir Sara Sebastián
    Siddharth Sofia Søren Tariq Thabo Tomás Valentina Wei Yara Yusuf Zanele Zeynep Zoë
""".split()

LAST_NAMES = """
    Abdullah Adeyemi Almeida Andersson Bakker Banerjee Bianchi Brown Castro Chen Costa
    Dubois Dvořák Eriksen Fernández Fischer García Haddad Hansen Hernández Hoang
    Ibrahim Ito Ivanova Jensen Kaur Khan Kim Kowalski Kumar Larsen Lee Lehmann Li Lopez
    Mahlangu Martin Mendes Mensah Moreau Müller Murphy Nakamura Nguyen Nielsen Novak
    Okafor Oliveira O'Brien Park Patel Petrov Popescu Rossi Sato Schmidt Silva Singh
    Smith Suzuki Tanaka Virtanen Wang Weber Yamamoto Yılmaz Zhang
""".split()

# Accounts of scripts and monitors rather than people; they sign in with bots.
SERVICE_ACCOUNT_NAMES = [
    "svc-monitoring",
    "svc-backup",
    "svc-reporting",
    "svc-integration",
]

# Demo services with how often people sign in to each, relative to the others.
SERVICE_WEIGHTS = {
    "Mail": 30,
    "Calendar": 14,
    "Chat": 18,
    "Drive": 12,
    "Wiki": 7,
    "CRM": 6,
    "VPN": 6,
    "Ticketing": 4,
    "HR portal": 2,
    "Expenses": 2,
}
