"""Excel and HTML outputs: reports, annotated copies and input templates."""
