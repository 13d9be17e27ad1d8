"""The literal scan engine behind the detectors (private): literal prefixes of rule patterns, one
multi-literal scan per text, and the matches each rule's regex gives at the candidates it leaves."""
