# Deploying to AWS (infra/README.md). Included by the Makefile after its variables.
#   make package [STAGE=dev]    offline: build/<stage>/package/{sam.json,deployment.zip}, then cfn-lint
#                               on it and on its SAM-transformed CloudFormation
#   make lint-infra             offline: policies up to date, both stages packaged and cfn-lint clean
#   make test-infra             offline: tests/infrastructure (moto, chalice package, cfn-lint, checkov, node)
#   make checkov                .venv-checkov with requirements-checkov.txt's pinned checkov (its own
#                               venv: its dependencies pin an older boto3 than the app's)
#   make doctor STAGE=dev       needs AWS credentials; read-only checks before a deploy
#   make deploy STAGE=dev       needs AWS credentials: package, stack, pages, seed, URL
#        [DOMAIN=comanda.example.com CERT_ARN=arn:aws:acm:us-east-1:...] [SEED=demo/chain.json] [NO_SEED=1]
#        [WAF=1 (us-east-1 only)] [ROTATE_ORIGIN_SECRET=1]
#        [ORIGINS="https://a.example https://b.example"] [RECREATE=1]   (STAGE: any name)
PYTHON ?= python3
VENV ?= .venv
PY ?= $(VENV)/bin/python
STAMP ?= $(VENV)/.installed
STAGE ?= dev
SEED ?= demo/chain.json

CHECKOV_VENV ?= .venv-checkov
CHECKOV_STAMP ?= $(CHECKOV_VENV)/.installed

.PHONY: package lint-infra test-infra deploy checkov doctor

$(CHECKOV_STAMP): requirements-checkov.txt
	$(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet --upgrade 'pip<26.3'
	$(CHECKOV_VENV)/bin/python -m pip install --quiet -r requirements-checkov.txt
	$(CHECKOV_VENV)/bin/python -m pip check
	touch $(CHECKOV_STAMP)

checkov: $(CHECKOV_STAMP)

package: $(STAMP)
	$(PY) -m infra.package --stage $(STAGE)
	$(PY) -m infra.lint build/$(STAGE)/package/sam.json

lint-infra: $(STAMP)
	$(PY) -m infra.policy --check
	$(PY) -m infra.package --stage dev
	$(PY) -m infra.package --stage prod
	$(PY) -m infra.lint build/dev/package/sam.json build/prod/package/sam.json

test-infra: $(STAMP) $(CHECKOV_STAMP)
	$(PY) -m pytest -q $(XDIST) tests/infrastructure

# Read-only checks with the deployer's credentials before a deploy (infra/README.md's checklist)
doctor: $(STAMP)
	$(PY) -m infra.doctor --stage $(STAGE) $(if $(DOMAIN),--domain $(DOMAIN) --certificate-arn $(CERT_ARN))

deploy: $(STAMP)
	$(PY) -m infra.deploy --stage $(STAGE) --seed $(SEED) \
		$(if $(DOMAIN),--domain $(DOMAIN) --certificate-arn $(CERT_ARN)) $(if $(NO_SEED),--no-seed) \
		$(if $(WAF),--waf) $(if $(ROTATE_ORIGIN_SECRET),--rotate-origin-secret) \
		$(foreach origin,$(ORIGINS),--origin $(origin)) $(if $(RECREATE),--recreate)
