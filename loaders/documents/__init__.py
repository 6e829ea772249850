"""Adding a report: from a new document to proposed facts, confirmed by the user (issue 16).

- `extract`: the text of a .txt/.md/.pdf/.docx file;
- `store`: the text kept in the workspace with stable line numbers (a source file like the
  five documents), its Publicatie details and the user's decisions (reject memory);
- `text`: tokens, lines and sentences of a stored text;
- `mentions`: entities the graph already knows, found in the text;
- `candidates`: names the graph does not know yet (new organisations, werkplaatsen, programmes, themes);
- `relations`: relationships between entities of one sentence, typed when the wording signals one;
- `proposals`: everything together, one list of `Proposal`s;
- `accept`: accepted proposals as ONE import (seed format) in the workspace;
- `evaluate`: the five documents as a set with known answers (bench/documents.py).
"""
