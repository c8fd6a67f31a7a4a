"""What every resource shares, whatever front end serves it: specs, checks, errors, HTTP."""
