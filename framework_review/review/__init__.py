"""The chair's review: dispositions on comments, members' feedback, settling clauses."""
