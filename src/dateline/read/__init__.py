"""Reading inputs: discovery, decoding, format detection and one reader per format."""
