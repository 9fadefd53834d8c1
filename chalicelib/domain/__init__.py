"""The rules of Comanda, free of AWS: entities, their states and allowed moves."""
