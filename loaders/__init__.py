"""Reading and validating data files (seed and user files) into a Dataset."""
