"""Virtual appointment booking: availability into slots, booking without double booking,
change and cancel, calendar files, FHIR export and e-mail confirmation."""
