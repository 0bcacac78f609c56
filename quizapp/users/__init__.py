"""Everything about accounts, whoever asks (the account and admin pages, teachers,
the CLI): creating and checking them, the password policy, one-time passwords,
role changes and disabling, and a person's data (its download and deletion)."""
