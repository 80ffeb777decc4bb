import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import type { ProjectMemberResponse } from '@esms/api-contract';

import { DsfrTable } from '../../shared/ui/dsfr-table';
import { plural } from './project-format';

/** « Membres »: the ESSMS of the grappe with their FINESS, category, sector and software situation. */
@Component({
  selector: 'esms-project-members',
  imports: [DsfrTable],
  template: `
    @if (members().length === 0) {
      <p>Aucun ESSMS dans cette grappe.</p>
    } @else {
      @if (released() > 0) {
        <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-3w">
          <p>
            Le projet a été refusé ou abandonné : ses ESSMS sont libérés et peuvent rejoindre un autre projet
            de la campagne.
          </p>
        </div>
      }
      <div class="fr-table fr-table--multiline" esmsDsfrTable>
        <div class="fr-table__wrapper">
          <div class="fr-table__container">
            <div class="fr-table__content">
              <table>
                <caption>
                  {{
                    caption()
                  }}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">FINESS</th>
                    <th scope="col">Nom</th>
                    <th scope="col">Catégorie</th>
                    <th scope="col">Secteur</th>
                    <th scope="col">Organisme gestionnaire</th>
                    <th scope="col">Situation</th>
                  </tr>
                </thead>
                <tbody>
                  @for (member of members(); track member.essmsId) {
                    <tr>
                      <th scope="row">{{ member.finess }}</th>
                      <td>{{ member.name }}</td>
                      <td>{{ member.categoryLabel }}</td>
                      <td>{{ member.sectorLabel }}</td>
                      <td>{{ member.ogName }}</td>
                      <td>
                        {{ member.softwareSituationLabel }}
                        @if (!member.live) {
                          <br /><span class="fr-text--sm">ESSMS libéré</span>
                        }
                      </td>
                    </tr>
                  }
                </tbody>
              </table>
            </div>
          </div>
        </div>
      </div>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProjectMembers {
  readonly members = input.required<readonly ProjectMemberResponse[]>();

  protected readonly released = computed(() => this.members().filter((member) => !member.live).length);
  protected readonly caption = computed(() => {
    const members = this.members();
    const acquisitions = members.filter((member) => member.softwareSituation === 'acquisition').length;
    return `${plural(members.length, 'ESSMS membre', 'ESSMS membres')} de la grappe : ${plural(acquisitions, 'acquisition')}, ${plural(members.length - acquisitions, 'mise en conformité', 'mises en conformité')}`;
  });
}
