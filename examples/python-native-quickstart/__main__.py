"""`pulumi up` entry point of the native-Python quickstart."""

from quickstart import quickstart

quickstart()
