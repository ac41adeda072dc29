"""Reference data for demo sessions: people, services and real user agents."""
