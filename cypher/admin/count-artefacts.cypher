// Purpose: how many artefacts the graph holds (npm start loads the demo thread into an empty one).
// Parameters: none.
// Returns: artefacts (count).
// Index: the label scan of :Artefact.
MATCH (n:Artefact)
RETURN count(n) AS artefacts
