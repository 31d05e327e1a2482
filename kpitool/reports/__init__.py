"""Excel and HTML outputs: reports and annotated copies."""
