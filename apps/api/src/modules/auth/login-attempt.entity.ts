import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A failed sign-in, counted per account and per address to throttle guessing (shared by every API instance). */
@Entity({ name: 'login_attempt' })
@Index('ix_login_attempt_key_time', ['throttleKey', 'attemptedAt'])
export class LoginAttemptEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'BY DEFAULT' })
  id: string;

  @Column({ type: 'varchar', length: 300 })
  throttleKey: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  attemptedAt: Date;
}
