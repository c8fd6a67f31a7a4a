"""Library pieces of the GitOps pipeline that every copy of it must share.

:mod:`~pulumi_mail_domains.gitops.shards` splits an inventory of domains into shards, one stack
each: which shard a domain belongs to, which stacks the shards are, and which domains an
assignment change moves between them (so they are moved in the state, never deleted and
created again).
"""
