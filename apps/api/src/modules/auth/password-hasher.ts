import * as argon2 from 'argon2';
import { Injectable, OnModuleInit } from '@nestjs/common';

/** argon2id with the OWASP baseline (19 MiB, 2 passes, 1 lane). */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher implements OnModuleInit {
  /** Verified against when the e-mail is unknown, so that both failures take the same time. */
  private decoy = '';

  async onModuleInit(): Promise<void> {
    this.decoy = await argon2.hash('mot-de-passe-leurre-jamais-valide', OPTIONS);
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, OPTIONS);
  }

  async verify(hash: string | null | undefined, password: string): Promise<boolean> {
    try {
      const ok = await argon2.verify(hash ?? this.decoy, password);
      return ok && Boolean(hash);
    } catch {
      return false;
    }
  }
}
